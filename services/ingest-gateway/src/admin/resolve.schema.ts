import { z } from 'zod';

/** Body of POST …/schemas/{version}/resolve. */
export const resolveSchema = z
  .object({
    action: z.enum(['accept', 'deprecate']),
    note: z.string().min(1, { message: 'a note is required: say why' }).max(2000),
    dryRun: z.boolean().default(false),
  })
  .strict();
