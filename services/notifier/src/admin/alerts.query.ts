import { DELIVERY_STATUS, isValidSourceId } from '@tributary/contracts';
import { problem } from '@tributary/platform';
import { z } from 'zod';

export const alertsQuerySchema = z
  .object({
    sourceId: z
      .string()
      .refine(isValidSourceId, { message: 'must match ^[a-z0-9][a-z0-9_-]{0,62}$' })
      .optional(),
    status: z
      .enum(DELIVERY_STATUS, { message: `must be one of ${DELIVERY_STATUS.join(', ')}` })
      .optional(),
    limit: z.coerce
      .number({ message: 'must be a number' })
      .int({ message: 'must be an integer' })
      .min(1, { message: 'must be 1..200' })
      .max(200, { message: 'must be 1..200' })
      .default(50),
  })
  .strict();

export type AlertsQuery = z.output<typeof alertsQuerySchema>;

/** A bad query is a 400 problem naming every offending parameter. */
export function parseAlertsQuery(query: unknown): AlertsQuery {
  const result = alertsQuerySchema.safeParse(query ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({
    parameter:
      i.path.map(String).join('.') ||
      (i.code === 'unrecognized_keys' ? i.keys.join(', ') : '(query)'),
    problem: i.message,
  }));
  throw problem.badRequest(
    'invalid-query',
    errors.map((e) => `${e.parameter}: ${e.problem}`).join('; '),
    { errors },
  );
}
