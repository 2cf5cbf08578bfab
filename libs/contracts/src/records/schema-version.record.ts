import type { DriftDiff } from '../events/drift-detected/drift-detected.event';
import type { FieldStats, SchemaFields } from './field-types';

export const SCHEMA_STATUS = ['ACTIVE', 'DEPRECATED', 'BREAKING'] as const;
export type SchemaStatus = (typeof SCHEMA_STATUS)[number];

export const COMPATIBILITY = ['BACKWARD', 'FORWARD', 'FULL', 'NONE'] as const;
export type Compatibility = (typeof COMPATIBILITY)[number];

/** Sort key of a schema version: `version#<ISO timestamp>`. */
export function schemaVersionKey(createdAt: Date | string): string {
  const iso = typeof createdAt === 'string' ? createdAt : createdAt.toISOString();
  return `version#${iso}`;
}

/** One item per schema version in the schema registry table (SPEC §3). */
export interface SchemaVersionRecord {
  readonly sourceId: string;
  readonly versionKey: string;
  /** 1, 2, 3 … in creation order, with no gaps. */
  readonly version: number;
  readonly fields: SchemaFields;
  readonly fieldDiff: DriftDiff;
  readonly status: SchemaStatus;
  readonly compatibility: Compatibility;
  readonly promotedAt: string | null;
  /** The file that produced the version. */
  readonly fileId: string;
  readonly note: string;
  readonly createdAt: string;
  readonly stats: Readonly<Record<string, FieldStats>>;
  /** Version this one was diffed against. */
  readonly previousVersion: number | null;
  /** How the file that made the version was decoded (a guess is worth knowing about). */
  readonly encoding?: { readonly name: string; readonly basis: string; readonly note: string };
  readonly resolvedBy?: string;
  readonly resolvedAt?: string;
}
