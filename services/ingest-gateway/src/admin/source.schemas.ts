import {
  EVOLUTION_POLICIES,
  FIELD_TYPES,
  isValidSourceId,
  WRITE_MODES,
} from '@tributary/contracts';
import { z } from 'zod';

const columnCheck = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('not_null'), column: z.string().min(1) }),
  z.object({ kind: z.literal('unique'), column: z.string().min(1) }),
  z
    .object({
      kind: z.literal('range'),
      column: z.string().min(1),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .refine((c) => c.min !== undefined || c.max !== undefined, {
      message: 'range needs min or max',
    }),
  z.object({
    kind: z.literal('accepted_values'),
    column: z.string().min(1),
    values: z.array(z.string()).min(1),
  }),
]);

const webhookChannel = z.object({
  kind: z.literal('webhook'),
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'channel name: [a-z0-9_-]' }),
  url: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), { message: 'must be an http(s) URL' }),
  format: z.enum(['json', 'slack']).default('json'),
});

/** Settings a person may set on a source; every field optional on update. */
export const sourceSettingsSchema = z
  .object({
    description: z.string().max(500),
    policy: z.enum(EVOLUTION_POLICIES),
    hints: z.record(z.string().min(1).max(256), z.enum(FIELD_TYPES)),
    writeMode: z.enum(WRITE_MODES),
    primaryKey: z.array(z.string().min(1)).max(16),
    partitionField: z.string().min(1).nullable(),
    quarantineThreshold: z.number().min(0).max(1),
    columnChecks: z.array(columnCheck).max(100),
    scheduleSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 86_400)
      .nullable(),
    channels: z.array(webhookChannel).max(20),
    rateLimitPerMinute: z.number().int().min(1).max(1_000_000),
  })
  .strict();

export const createSourceSchema = sourceSettingsSchema.partial().extend({
  sourceId: z
    .string()
    .refine(isValidSourceId, { message: 'must match ^[a-z0-9][a-z0-9_-]{0,62}$' }),
});

export const updateSourceSchema = sourceSettingsSchema.partial();

export type CreateSourceBody = z.output<typeof createSourceSchema>;
export type UpdateSourceBody = z.output<typeof updateSourceSchema>;
