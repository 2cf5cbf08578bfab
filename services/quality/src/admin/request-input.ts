import { isRunId, isValidSourceId } from '@tributary/contracts';
import { problem } from '@tributary/platform';
import type { z } from 'zod';

/** Validates a request body or query; a bad one is a 400 problem naming every offending field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: 'body' | 'query' = 'body',
): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({
    field:
      i.path.map(String).join('.') ||
      (i.code === 'unrecognized_keys' ? i.keys.join(', ') : `(${what})`),
    problem: i.message,
  }));
  throw problem.badRequest(
    what === 'body' ? 'invalid-body' : 'invalid-query',
    errors.map((e) => `${e.field}: ${e.problem}`).join('; '),
    { errors },
  );
}

export function assertSourceIdParam(sourceId: string): string {
  if (!isValidSourceId(sourceId))
    throw problem.badRequest(
      'invalid-source-id',
      'source id must match ^[a-z0-9][a-z0-9_-]{0,62}$',
    );
  return sourceId;
}

export function assertRunIdParam(runId: string): string {
  if (!isRunId(runId))
    throw problem.badRequest(
      'invalid-run-id',
      'run id must look like 20260121T120000Z-<8 chars>[_BACKFILL]',
    );
  return runId;
}
