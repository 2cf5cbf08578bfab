import { randomBytes } from 'node:crypto';

/** `20260121T120000Z-<suffix>`, and `…-<suffix>_BACKFILL` for a backfill run. */
const RUN_ID_PATTERN = /^(\d{8}T\d{6}Z)-([a-z0-9]{8})(_BACKFILL)?$/;
const SUFFIX_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export interface ParsedRunId {
  readonly runId: string;
  /** The run's start as an ISO timestamp (second precision). */
  readonly startedAt: string;
  readonly suffix: string;
  readonly backfill: boolean;
}

function compactTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function randomSuffix(): string {
  const bytes = randomBytes(8);
  let out = '';
  for (const byte of bytes) out += SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length];
  return out;
}

export function newRunId(options: { now?: Date; backfill?: boolean } = {}): string {
  const base = `${compactTimestamp(options.now ?? new Date())}-${randomSuffix()}`;
  return options.backfill ? `${base}_BACKFILL` : base;
}

export function isRunId(value: string): boolean {
  return RUN_ID_PATTERN.test(value);
}

export function parseRunId(value: string): ParsedRunId {
  const match = RUN_ID_PATTERN.exec(value);
  if (!match) throw new Error(`invalid run id "${value}"`);
  const [, stamp, suffix, backfill] = match as unknown as [string, string, string, string?];
  const startedAt = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
  return { runId: value, startedAt, suffix, backfill: backfill !== undefined };
}
