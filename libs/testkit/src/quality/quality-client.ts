import { join } from 'node:path';
import { type LatestPointer, latestPointerKey, type RunRecord } from '@tributary/contracts';
import { RunRepository } from '@tributary/metadata';
import { NotFoundError } from '@tributary/ports';
import type { PipelineFixture } from '../e2e/pipeline-fixture';
import { waitFor } from '../infra/wait-for';
import { repoRoot } from '../stack/repo-root';
import { readStackEnv } from '../stack/stack-env';

/** Calls the admin API of a running quality service (by its key in the fixture). */
export async function qualityAdmin<T = Record<string, unknown>>(
  fx: PipelineFixture,
  method: string,
  path: string,
  body?: unknown,
  service = 'quality',
): Promise<{ status: number; body: T; contentType: string | null }> {
  const response = await fetch(`${fx.service(service).url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${fx.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    contentType: response.headers.get('content-type'),
  };
}

/** `_LATEST.json` of a source straight from the bucket, with its ETag; undefined when absent. */
export async function readPointer(
  fx: PipelineFixture,
  sourceId: string,
): Promise<{ pointer: LatestPointer; etag: string } | undefined> {
  try {
    const { bytes, info } = await fx.objects.getBytes(latestPointerKey(sourceId));
    return { pointer: JSON.parse(bytes.toString('utf8')) as LatestPointer, etag: info.etag };
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

export async function getRun(
  fx: PipelineFixture,
  sourceId: string,
  runId: string,
): Promise<RunRecord | undefined> {
  return (await new RunRepository(fx.kv, fx.tables).get(sourceId, runId))?.record;
}

/** Waits until the gate decided a run (PROMOTED or REJECTED) and returns its record. */
export async function waitForDecision(
  fx: PipelineFixture,
  sourceId: string,
  runId: string,
  timeoutMs = 60_000,
): Promise<RunRecord> {
  return waitFor(
    async () => {
      const run = await getRun(fx, sourceId, runId);
      return run && (run.status === 'PROMOTED' || run.status === 'REJECTED') ? run : undefined;
    },
    { what: `run ${runId} to be decided`, timeoutMs },
  );
}

/**
 * The environment for the `tributary` command (`runCli`) against the fixture's namespace: its
 * bucket and the stack's S3 endpoint (for `query`), the quality service, the gateway and the
 * admin token; no `.stack/env` fallback, so nothing leaks in from a developer's stack.
 */
export function qualityCliEnv(
  fx: PipelineFixture,
  extra: Record<string, string> = {},
): Record<string, string> {
  const stack = readStackEnv();
  return {
    TRIBUTARY_STACK_ENV: join(repoRoot(), '.stack', 'no-such-env'),
    S3_ENDPOINT: stack.S3_ENDPOINT ?? '',
    S3_BUCKET: fx.namespace,
    AWS_REGION: stack.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: stack.AWS_ACCESS_KEY_ID ?? '',
    AWS_SECRET_ACCESS_KEY: stack.AWS_SECRET_ACCESS_KEY ?? '',
    TRIBUTARY_ADMIN_TOKEN: fx.adminToken,
    ...(fx.services.has('quality') ? { TRIBUTARY_QUALITY_URL: fx.service('quality').url } : {}),
    ...(fx.services.has('ingest-gateway') ? { TRIBUTARY_URL: fx.gatewayUrl } : {}),
    ...extra,
  };
}
