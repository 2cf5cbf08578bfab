import { problem } from '@tributary/platform';
import type { z } from 'zod';

/** Validates a request body; a bad one is a 400 naming every offending field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({
    field: i.path.map(String).join('.'),
    problem: i.message,
  }));
  throw problem.badRequest(
    'invalid-body',
    errors.map((e) => `${e.field || '(body)'}: ${e.problem}`).join('; '),
    { errors },
  );
}
