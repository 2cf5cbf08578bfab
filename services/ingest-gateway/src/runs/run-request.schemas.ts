import { z } from 'zod';

/** Body of POST …/backfills: the landing dates (YYYY-MM-DD, inclusive) to rebuild. */
export const backfillSchema = z.object({ from: z.string(), to: z.string() }).strict();
/** Body of POST …/replays: re-read file-landed events from `since` (to `until`). */
export const replaySchema = z
  .object({
    since: z.string().datetime({ offset: true, message: 'since must be an ISO timestamp' }),
    until: z.string().datetime({ offset: true }).optional(),
  })
  .strict();
