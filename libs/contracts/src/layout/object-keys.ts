import { isRunId } from '../ids/run-id';
import { isUlid } from '../ids/ulid';
import { sanitizeFileName } from './file-name';
import { isValidDate } from './landing-date';
import { assertSourceId, InvalidKeyPartError, isValidSourceId } from './source-id';

/** The zones of the single bucket (SPEC §2). Only this module builds or parses their keys. */
export const ZONE = {
  raw: 'raw',
  deadLetter: 'dead-letter',
  staging: 'staging',
  curated: 'curated',
  quarantine: 'quarantine',
  condemned: 'condemned',
} as const;

export type Zone = (typeof ZONE)[keyof typeof ZONE];

function assertDate(date: string): string {
  if (!isValidDate(date)) throw new InvalidKeyPartError('date', `invalid date "${date}"`);
  return date;
}

function assertRunId(runId: string): string {
  if (!isRunId(runId)) throw new InvalidKeyPartError('runId', `invalid run id "${runId}"`);
  return runId;
}

function assertFileId(fileId: string): string {
  if (!isUlid(fileId)) throw new InvalidKeyPartError('fileId', `invalid file id "${fileId}"`);
  return fileId;
}

function assertSchemaVersion(version: number): number {
  if (!Number.isInteger(version) || version < 1) {
    throw new InvalidKeyPartError('schemaVersion', `invalid schema version ${version}`);
  }
  return version;
}

/** A relative path inside a run's own folder: plain segments only. */
function assertRelativePath(path: string): string {
  const segments = path.split('/');
  const ok =
    path.length > 0 &&
    path.length <= 512 &&
    segments.every((s) => /^[A-Za-z0-9._=-]+$/.test(s) && s !== '.' && s !== '..');
  if (!ok) throw new InvalidKeyPartError('path', `invalid relative path "${path}"`);
  return path;
}

export function sourcePrefix(zone: Zone, sourceId: string): string {
  return `${zone}/source=${assertSourceId(sourceId)}/`;
}

export function rawKey(sourceId: string, date: string, fileId: string, fileName: string): string {
  return `${sourcePrefix(ZONE.raw, sourceId)}date=${assertDate(date)}/${assertFileId(fileId)}__${sanitizeFileName(fileName)}`;
}

export function rawDatePrefix(sourceId: string, date: string): string {
  return `${sourcePrefix(ZONE.raw, sourceId)}date=${assertDate(date)}/`;
}

export function deadLetterKey(
  sourceId: string,
  date: string,
  fileId: string,
  fileName: string,
): string {
  return `${sourcePrefix(ZONE.deadLetter, sourceId)}date=${assertDate(date)}/${assertFileId(fileId)}__${sanitizeFileName(fileName)}`;
}

export function stagingPrefix(sourceId: string, runId: string): string {
  return `${sourcePrefix(ZONE.staging, sourceId)}run_id=${assertRunId(runId)}/`;
}

export function stagingKey(sourceId: string, runId: string, relativePath: string): string {
  return `${stagingPrefix(sourceId, runId)}${assertRelativePath(relativePath)}`;
}

export function curatedPartitionPrefix(
  sourceId: string,
  schemaVersion: number,
  runId: string,
  date: string,
): string {
  return `${sourcePrefix(ZONE.curated, sourceId)}schema_v=${assertSchemaVersion(schemaVersion)}/run_id=${assertRunId(runId)}/date=${assertDate(date)}/`;
}

export function curatedPartKey(
  sourceId: string,
  schemaVersion: number,
  runId: string,
  date: string,
  part: number,
): string {
  if (!Number.isInteger(part) || part < 0)
    throw new InvalidKeyPartError('part', `invalid part ${part}`);
  return `${curatedPartitionPrefix(sourceId, schemaVersion, runId, date)}part-${String(part).padStart(5, '0')}.parquet`;
}

export function curatedSchemaPrefix(sourceId: string, schemaVersion: number): string {
  return `${sourcePrefix(ZONE.curated, sourceId)}schema_v=${assertSchemaVersion(schemaVersion)}/`;
}

export function runSuccessKey(sourceId: string, runId: string): string {
  return `${sourcePrefix(ZONE.curated, sourceId)}run_id=${assertRunId(runId)}/_SUCCESS`;
}

export function latestPointerKey(sourceId: string): string {
  return `${sourcePrefix(ZONE.curated, sourceId)}_LATEST.json`;
}

export function quarantinePrefix(sourceId: string, runId: string): string {
  return `${sourcePrefix(ZONE.quarantine, sourceId)}run_id=${assertRunId(runId)}/`;
}

export function quarantineKey(sourceId: string, runId: string, relativePath: string): string {
  return `${quarantinePrefix(sourceId, runId)}${assertRelativePath(relativePath)}`;
}

export function condemnedKey(sourceId: string, relativePath: string): string {
  return `${sourcePrefix(ZONE.condemned, sourceId)}${assertRelativePath(relativePath)}`;
}

export type ParsedKey =
  | { zone: 'raw'; sourceId: string; date: string; fileId: string; safeName: string }
  | { zone: 'dead-letter'; sourceId: string; date: string; fileId: string; safeName: string }
  | { zone: 'staging'; sourceId: string; runId: string; path: string }
  | {
      zone: 'curated-part';
      sourceId: string;
      schemaVersion: number;
      runId: string;
      date: string;
      part: number;
    }
  | { zone: 'curated-success'; sourceId: string; runId: string }
  | { zone: 'curated-latest'; sourceId: string }
  | { zone: 'quarantine'; sourceId: string; runId: string; path: string }
  | { zone: 'condemned'; sourceId: string; path: string };

const FILE_KEY =
  /^(raw|dead-letter)\/source=([^/]+)\/date=([^/]+)\/([0-9A-Z]{26})__([A-Za-z0-9._-]+)$/;
const RUN_PATH_KEY = /^(staging|quarantine)\/source=([^/]+)\/run_id=([^/]+)\/(.+)$/;
const CURATED_PART =
  /^curated\/source=([^/]+)\/schema_v=(\d+)\/run_id=([^/]+)\/date=([^/]+)\/part-(\d+)\.parquet$/;
const CURATED_SUCCESS = /^curated\/source=([^/]+)\/run_id=([^/]+)\/_SUCCESS$/;
const CURATED_LATEST = /^curated\/source=([^/]+)\/_LATEST\.json$/;
const CONDEMNED = /^condemned\/source=([^/]+)\/(.+)$/;

/** Parses a key of the layout; undefined when the key is not one Tributary would build. */
export function parseObjectKey(key: string): ParsedKey | undefined {
  const parsed = matchKey(key);
  if (!parsed || !isValidSourceId(parsed.sourceId)) return undefined;
  return parsed;
}

function matchKey(key: string): ParsedKey | undefined {
  let m = FILE_KEY.exec(key);
  if (m) {
    const [, zone, sourceId, date, fileId, safeName] = m as unknown as string[];
    if (!isValidDate(date!)) return undefined;
    return {
      zone: zone === 'raw' ? 'raw' : 'dead-letter',
      sourceId: sourceId!,
      date: date!,
      fileId: fileId!,
      safeName: safeName!,
    };
  }
  m = CURATED_PART.exec(key);
  if (m) {
    const [, sourceId, version, runId, date, part] = m as unknown as string[];
    if (!isRunId(runId!) || !isValidDate(date!)) return undefined;
    return {
      zone: 'curated-part',
      sourceId: sourceId!,
      schemaVersion: Number(version),
      runId: runId!,
      date: date!,
      part: Number(part),
    };
  }
  m = CURATED_SUCCESS.exec(key);
  if (m) {
    const [, sourceId, runId] = m as unknown as string[];
    return isRunId(runId!)
      ? { zone: 'curated-success', sourceId: sourceId!, runId: runId! }
      : undefined;
  }
  m = CURATED_LATEST.exec(key);
  if (m) return { zone: 'curated-latest', sourceId: m[1]! };
  m = RUN_PATH_KEY.exec(key);
  if (m) {
    const [, zone, sourceId, runId, path] = m as unknown as string[];
    if (!isRunId(runId!) || path!.split('/').some((s) => s === '..' || s === '.')) return undefined;
    return zone === 'staging'
      ? { zone: 'staging', sourceId: sourceId!, runId: runId!, path: path! }
      : { zone: 'quarantine', sourceId: sourceId!, runId: runId!, path: path! };
  }
  m = CONDEMNED.exec(key);
  if (m) {
    const [, sourceId, path] = m as unknown as string[];
    if (path!.split('/').some((s) => s === '..' || s === '.')) return undefined;
    return { zone: 'condemned', sourceId: sourceId!, path: path! };
  }
  return undefined;
}
