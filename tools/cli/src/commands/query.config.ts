import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  embeddedDataDir,
  embeddedEndpoints,
  embeddedRequested,
  isRunning,
} from '../config/endpoints-file';
import { deploymentEnvFile } from '../config/deployment-env-file';
import { CliError, EXIT } from '../exit-codes';

/** Published tables in a bucket (distributed mode, local stack). */
export interface S3QuerySettings {
  readonly kind: 's3';
  readonly endpoint?: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly forcePathStyle: boolean;
  readonly cacheDir: string;
}

/** Published tables in an embedded data folder (`tributary dev`), read through its object store. */
export interface EmbeddedQuerySettings {
  readonly kind: 'embedded';
  readonly dataDir: string;
  readonly cacheDir: string;
}

/** Where `tributary query` reads the published tables, and where it keeps local copies. */
export type QuerySettings = S3QuerySettings | EmbeddedQuerySettings;

export interface QueryFlags {
  readonly bucket?: string;
  readonly endpoint?: string;
  readonly dataDir?: string;
  readonly cacheDir?: string;
}

function embedded(dataDir: string, flags: QueryFlags): EmbeddedQuerySettings {
  if (!existsSync(dataDir))
    throw new CliError(
      `no embedded data folder at ${dataDir}: start one with \`tributary dev\` or pass --data-dir`,
      EXIT.usage,
    );
  // Copies are kept per data folder: keys under curated/ are never overwritten within one.
  const shared = flags.cacheDir ?? process.env.TRIBUTARY_CACHE_DIR;
  const folderId = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return {
    kind: 'embedded',
    dataDir,
    cacheDir: shared ? join(shared, `embedded-${folderId}`) : join(dataDir, 'cache', 'query'),
  };
}

/**
 * Embedded when asked (--data-dir, TRIBUTARY_MODE=embedded, TRIBUTARY_DATA_DIR); a bucket from
 * the flags or S3_BUCKET; the embedded folder ./.tributary when its `tributary dev` runs; a
 * bucket from `.stack/env` (or a compose deployment's `.env`); failing those, ./.tributary even when stopped.
 */
export function resolveQuerySettings(flags: QueryFlags): QuerySettings {
  if (flags.dataDir) return embedded(embeddedDataDir(flags.dataDir), flags);
  const s3Flags = flags.bucket !== undefined || flags.endpoint !== undefined;
  if (!s3Flags && embeddedRequested()) {
    const dir = embeddedDataDir();
    return embedded(embeddedEndpoints(dir)?.TRIBUTARY_DATA_DIR ?? dir, flags);
  }
  const local =
    s3Flags || process.env.S3_BUCKET || process.env.TRIBUTARY_MODE
      ? undefined
      : embeddedEndpoints();
  const localDir = local?.TRIBUTARY_MODE === 'embedded' ? local.TRIBUTARY_DATA_DIR : undefined;
  if (localDir && isRunning(local)) return embedded(localDir, flags);
  const stack = deploymentEnvFile().values;
  const pick = (name: string): string | undefined => process.env[name] || stack[name] || undefined;
  const bucket = flags.bucket ?? pick('S3_BUCKET');
  if (!bucket) {
    if (localDir) return embedded(localDir, flags);
    throw new CliError(
      'no bucket or data folder: pass --data-dir (embedded mode) or --bucket, set S3_BUCKET, or run `npm run stack:up`',
      EXIT.usage,
    );
  }
  return {
    kind: 's3',
    endpoint: flags.endpoint ?? pick('S3_ENDPOINT'),
    bucket,
    region: pick('AWS_REGION') ?? 'us-east-1',
    accessKeyId: pick('AWS_ACCESS_KEY_ID'),
    secretAccessKey: pick('AWS_SECRET_ACCESS_KEY'),
    forcePathStyle: (pick('S3_FORCE_PATH_STYLE') ?? 'true') !== 'false',
    cacheDir:
      flags.cacheDir ??
      process.env.TRIBUTARY_CACHE_DIR ??
      join(homedir(), '.cache', 'tributary', 'query'),
  };
}
