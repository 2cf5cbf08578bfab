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

const qualityEnvSchema = z.object({
  QUALITY_PORT: envPort(7073),
  /** Bearer credential of the quality admin API (pointer, rollback, quarantine, retention). */
  ADMIN_TOKEN: z
    .string({ message: 'is required (the control plane credential)' })
    .min(16, { message: 'must be at least 16 characters' }),
  /** Consumer group of `run-completed`; a second group gates every run again (proves races are safe). */
  QUALITY_GROUP_ID: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, { message: 'must match ^[a-z0-9][a-z0-9._-]{0,99}$' })
    .default('quality'),
  /** Where a run's Parquet is downloaded for DuckDB (no httpfs: files are read locally). */
  QUALITY_WORK_DIR: z.string().min(1).default(join(tmpdir(), 'tributary-quality')),
  QUALITY_DUCKDB_THREADS: envPositiveInt(2),
  QUALITY_DUCKDB_MEMORY: z
    .string()
    .regex(/^\d+(\.\d+)?\s*[KMGT]i?B$/i, { message: 'must be a size such as 512MB or 1GB' })
    .default('1GB'),
  /** Compare-and-swap attempts on `_LATEST.json` before the message is retried later. */
  QUALITY_CAS_MAX_ATTEMPTS: envPositiveInt(10),
  /** Earlier table states kept in `_LATEST.json` for rollback (runs older than that become unreferenced). */
  QUALITY_POINTER_HISTORY: envPositiveInt(50),
  /** How often `data_freshness_lag_seconds` re-reads every source's published state. */
  QUALITY_FRESHNESS_REFRESH_MS: envPositiveInt(60_000),
  /** Most rows one re-submission or approval may carry. */
  QUALITY_MAX_RESUBMIT_ROWS: envPositiveInt(10_000),
  /** Largest admin request body (a re-submission of corrected rows). */
  QUALITY_MAX_BODY_BYTES: envPositiveInt(16 * 1024 * 1024),
});

export type QualityConfig = ReturnType<typeof loadQualityConfig>;

export function loadQualityConfig(env: Record<string, string | undefined> = process.env) {
  const parts = parseEnvParts(
    { infra: infraConfigSchema, service: serviceEnvSchema, own: qualityEnvSchema },
    env,
  );
  const own = parts.own;
  return {
    infra: parts.infra,
    service: parts.service,
    port: own.QUALITY_PORT,
    adminToken: own.ADMIN_TOKEN,
    groupId: own.QUALITY_GROUP_ID,
    workDir: own.QUALITY_WORK_DIR,
    duckdb: { threads: own.QUALITY_DUCKDB_THREADS, memoryLimit: own.QUALITY_DUCKDB_MEMORY },
    casMaxAttempts: own.QUALITY_CAS_MAX_ATTEMPTS,
    pointerHistory: own.QUALITY_POINTER_HISTORY,
    freshnessRefreshMs: own.QUALITY_FRESHNESS_REFRESH_MS,
    maxResubmitRows: own.QUALITY_MAX_RESUBMIT_ROWS,
    maxBodyBytes: own.QUALITY_MAX_BODY_BYTES,
  };
}

export const QUALITY_CONFIG = Symbol('QUALITY_CONFIG');
