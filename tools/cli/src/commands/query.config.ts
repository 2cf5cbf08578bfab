import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError, EXIT } from '../exit-codes';

/** Where `tributary query` reads the published tables: the bucket, and a local file cache. */
export interface QuerySettings {
  readonly endpoint?: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly forcePathStyle: boolean;
  readonly cacheDir: string;
}

export interface QueryFlags {
  readonly bucket?: string;
  readonly endpoint?: string;
  readonly cacheDir?: string;
}

function stackEnv(): Record<string, string> {
  const path = process.env.TRIBUTARY_STACK_ENV ?? join(process.cwd(), '.stack', 'env');
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** Flags first, then the environment (S3_*, AWS_*), then the local stack's `.stack/env`. */
export function resolveQuerySettings(flags: QueryFlags): QuerySettings {
  const stack = stackEnv();
  const pick = (name: string): string | undefined => process.env[name] || stack[name] || undefined;
  const bucket = flags.bucket ?? pick('S3_BUCKET');
  if (!bucket)
    throw new CliError(
      'no bucket: pass --bucket, set S3_BUCKET, or run `npm run stack:up`',
      EXIT.usage,
    );
  return {
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
