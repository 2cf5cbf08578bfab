import type { SchemaFields, SchemaStatus } from '@tributary/contracts';
import { describeType, typeInfoOf } from '../inference/type-info';

/** What the plan needs to know of each schema version of the source. */
export interface SchemaVersionSummary {
  readonly version: number;
  readonly status: SchemaStatus;
  readonly fields: SchemaFields;
}

/** A file waiting for promotion, and the version it was profiled against. */
export interface PendingFile {
  readonly fileId: string;
  readonly schemaVersion: number;
}

export interface StatusTransition {
  readonly version: number;
  readonly from: SchemaStatus;
  readonly to: SchemaStatus;
}

export interface ColumnChanges {
  /** Columns the published table gains. */
  readonly added: readonly string[];
  /** Columns that change type (from → to). */
  readonly retyped: readonly {
    readonly column: string;
    readonly from: string;
    readonly to: string;
  }[];
  /** Columns that files may now omit (read as null). */
  readonly nowOptional: readonly string[];
}

export interface ResolutionPlan {
  readonly ok: true;
  readonly action: 'accept' | 'deprecate';
  readonly transitions: readonly StatusTransition[];
  /** The ACTIVE version once applied. */
  readonly activeVersion: number;
  readonly previousActiveVersion: number | null;
  /** Which version records the person's note: the accepted one, or the deprecated one (a migration note). */
  readonly notes: readonly { readonly version: number; readonly note: string }[];
  readonly columnChanges: ColumnChanges;
  /** BREAKING versions left after this one; promotion stays blocked while any remains. */
  readonly remainingBreaking: readonly number[];
  readonly promotionUnblocked: boolean;
  /** Files profiled against the accepted version: promoted once applied (if unblocked). */
  readonly releasedFiles: readonly string[];
  /** Files profiled against superseded BREAKING versions: to be profiled again. */
  readonly reprofileFiles: readonly string[];
  /** Files still held by a remaining BREAKING version. */
  readonly blockedFiles: readonly string[];
}

export type ResolutionResult = ResolutionPlan | { readonly ok: false; readonly reason: string };

export interface ResolutionRequest {
  readonly versions: readonly SchemaVersionSummary[];
  /** The BREAKING version being resolved. */
  readonly version: number;
  readonly note: string;
  readonly pendingFiles?: readonly PendingFile[];
}

/** Accept a BREAKING version as ACTIVE with a note (SPEC §3); pure data, for a dry run or to apply. */
export function planAccept(request: ResolutionRequest): ResolutionResult {
  return plan('accept', request);
}

/**
 * Deprecate the old ACTIVE version with a migration note, so the BREAKING one takes over
 * (SPEC §3); the same transitions as accepting, the note recorded on the deprecated version.
 */
export function planDeprecate(request: ResolutionRequest): ResolutionResult {
  return plan('deprecate', request);
}

function transition(version: number, from: SchemaStatus, to: SchemaStatus): StatusTransition {
  return { version, from, to };
}

function plan(action: 'accept' | 'deprecate', request: ResolutionRequest): ResolutionResult {
  const { versions, version, pendingFiles = [] } = request;
  const note = request.note.trim();
  const target = versions.find((candidate) => candidate.version === version);
  if (target === undefined)
    return { ok: false, reason: `schema version ${version} does not exist` };
  if (target.status !== 'BREAKING') {
    return { ok: false, reason: `schema version ${version} is ${target.status}, not BREAKING` };
  }
  if (note.length === 0) {
    return {
      ok: false,
      reason:
        action === 'accept'
          ? 'a note is required to accept a version'
          : 'a migration note is required',
    };
  }
  const previous = versions.find((candidate) => candidate.status === 'ACTIVE');
  const superseded = versions.filter((v) => v.status === 'BREAKING' && v.version < version);
  const remaining = versions
    .filter((v) => v.status === 'BREAKING' && v.version > version)
    .map((v) => v.version);
  const transitions: StatusTransition[] = [
    transition(version, 'BREAKING', 'ACTIVE'),
    ...(previous === undefined ? [] : [transition(previous.version, 'ACTIVE', 'DEPRECATED')]),
    ...superseded.map((v) => transition(v.version, 'BREAKING', 'DEPRECATED')),
  ].sort((a, b) => a.version - b.version);
  const notedVersion = action === 'accept' || previous === undefined ? version : previous.version;
  const filesOf = (wanted: readonly number[]): string[] =>
    pendingFiles.filter((file) => wanted.includes(file.schemaVersion)).map((file) => file.fileId);
  return {
    ok: true,
    action,
    transitions,
    activeVersion: version,
    previousActiveVersion: previous?.version ?? null,
    notes: [{ version: notedVersion, note }],
    columnChanges: columnChanges(previous?.fields ?? {}, target.fields),
    remainingBreaking: remaining,
    promotionUnblocked: remaining.length === 0,
    releasedFiles: filesOf([version]),
    reprofileFiles: filesOf(superseded.map((v) => v.version)),
    blockedFiles: filesOf(remaining),
  };
}

/** How the published columns change from one version's fields to another's. */
export function columnChanges(before: SchemaFields, after: SchemaFields): ColumnChanges {
  const beforeByColumn = new Map(Object.values(before).map((field) => [field.column, field]));
  const added: string[] = [];
  const retyped: { column: string; from: string; to: string }[] = [];
  const nowOptional: string[] = [];
  for (const field of Object.values(after).sort((a, b) => a.ordinal - b.ordinal)) {
    if (field.type === 'object') continue;
    const was = beforeByColumn.get(field.column);
    if (was === undefined) {
      added.push(field.column);
      continue;
    }
    const from = describeType(typeInfoOf(was));
    const to = describeType(typeInfoOf(field));
    if (from !== to) retyped.push({ column: field.column, from, to });
    if (field.optional === true && was.optional !== true) nowOptional.push(field.column);
  }
  return { added, retyped, nowOptional };
}

/** The command a person runs to release a source blocked by a BREAKING version, in words. */
export function resolveCommandHint(sourceId: string, version: number | string): string {
  return `run \`tributary schemas resolve ${sourceId} ${version} --accept --note "<why>"\` (or --deprecate; add --dry-run to see the impact first)`;
}
