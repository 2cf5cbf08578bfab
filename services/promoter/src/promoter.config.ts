import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  envPort,
  envPositiveInt,
  infraConfigSchema,
  parseEnvParts,
  serviceEnvSchema,
} from '@tributary/platform';

const promoterEnvSchema = z.object({
  PROMOTER_PORT: envPort(7072),
  /** How often the scheduler looks at every source's pipeline state. */
  PROMOTER_TICK_MS: envPositiveInt(1000),
  /** Scheduled runs for sources that set no schedule of their own; empty = on demand only. */
  PROMOTER_DEFAULT_SCHEDULE_SECONDS: z.coerce.number().int().positive().optional(),
  PROMOTER_BATCH_MAX_FILES: envPositiveInt(25),
  PROMOTER_BATCH_MAX_BYTES: envPositiveInt(512 * 1024 * 1024),
  PROMOTER_WORK_DIR: z.string().min(1).default(join(tmpdir(), 'tributary-promoter')),
  PROMOTER_DUCKDB_THREADS: envPositiveInt(2),
  PROMOTER_DUCKDB_MEMORY: z
    .string()
    .regex(/^\d+(\.\d+)?\s*[KMGT]i?B$/i)
    .default('1GB'),
  /** Identity in the pipeline claim; defaults to host and pid. */
  PROMOTER_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
  PROMOTER_HEARTBEAT_MS: envPositiveInt(5_000),
  /** A RUNNING claim whose heartbeat is older than this belongs to a dead promoter: take it over. */
  PROMOTER_STALE_CLAIM_MS: envPositiveInt(30_000),
  /** Sources promoted at the same time by this process. */
  PROMOTER_CONCURRENCY: envPositiveInt(2),
  /** OpenLineage HTTP endpoint (Marquez-compatible; events POSTed to <url>/api/v1/lineage). */
  OPENLINEAGE_URL: z.string().url().optional(),
  /** Or a file the OpenLineage events are appended to as NDJSON. */
  OPENLINEAGE_FILE: z.string().min(1).optional(),
  OPENLINEAGE_NAMESPACE: z.string().min(1).default('tributary'),
});

export type PromoterConfig = ReturnType<typeof loadPromoterConfig>;

export function loadPromoterConfig(env: Record<string, string | undefined> = process.env) {
  const parts = parseEnvParts(
    { infra: infraConfigSchema, service: serviceEnvSchema, own: promoterEnvSchema },
    env,
  );
  const own = parts.own;
  return {
    infra: parts.infra,
    service: parts.service,
    port: own.PROMOTER_PORT,
    tickMs: own.PROMOTER_TICK_MS,
    defaultScheduleSeconds: own.PROMOTER_DEFAULT_SCHEDULE_SECONDS ?? null,
    batch: { maxFiles: own.PROMOTER_BATCH_MAX_FILES, maxBytes: own.PROMOTER_BATCH_MAX_BYTES },
    workDir: own.PROMOTER_WORK_DIR,
    duckdb: { threads: own.PROMOTER_DUCKDB_THREADS, memoryLimit: own.PROMOTER_DUCKDB_MEMORY },
    ownerId: own.PROMOTER_ID,
    heartbeatMs: own.PROMOTER_HEARTBEAT_MS,
    staleClaimMs: own.PROMOTER_STALE_CLAIM_MS,
    concurrency: own.PROMOTER_CONCURRENCY,
    lineage: {
      url: own.OPENLINEAGE_URL ?? null,
      file: own.OPENLINEAGE_FILE ?? null,
      namespace: own.OPENLINEAGE_NAMESPACE,
    },
  };
}

export const PROMOTER_CONFIG = Symbol('PROMOTER_CONFIG');
