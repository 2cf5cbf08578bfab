import { Inject, Injectable } from '@nestjs/common';
import {
  type DriftDiff,
  type SchemaFields,
  type SchemaHeadRecord,
  type SchemaStatus,
  type SchemaVersionRecord,
  schemaVersionKey,
  type SourceRecord,
} from '@tributary/contracts';
import {
  type ChangeClassification,
  classifyChange,
  diffSchemas,
  fieldsOfEmptyFile,
  type InferredSchema,
  ownValue,
} from '@tributary/domain';
import {
  SchemaVersionRepository,
  type VersionStatusChange,
  type Versioned,
} from '@tributary/metadata';
import { CLOCK, type Clock, PreconditionFailedError, TransientError } from '@tributary/ports';

export interface VersionOutcome {
  /** The version the file was profiled against (the active one, a new one, or a pending BREAKING one). */
  readonly version: SchemaVersionRecord;
  /** The ACTIVE version the file was compared with, if any. */
  readonly previous: SchemaVersionRecord | undefined;
  /** True when this file created the version (also after a crash between write and publish). */
  readonly created: boolean;
  readonly diff: DriftDiff;
  readonly classification: ChangeClassification;
}

const MAX_ATTEMPTS = 8;

function sameShape(a: SchemaFields, b: SchemaFields): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    const other = ownValue(b, k);
    return other !== undefined && other.type === a[k]!.type && other.items === a[k]!.items;
  });
}

/**
 * Compares a file's schema with the source's ACTIVE version and writes a new version when it
 * changed, as one conditional transaction on the schema head: two profilers racing on one source
 * cannot both create "the next" version; the loser re-reads and decides again.
 */
@Injectable()
export class RecordSchemaVersion {
  constructor(
    @Inject(SchemaVersionRepository) private readonly versions: SchemaVersionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    source: SourceRecord,
    fileId: string,
    inferred: InferredSchema,
  ): Promise<VersionOutcome> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const head = await this.versions.getHead(source.sourceId);
      const all = await this.versions.list(source.sourceId);
      const active = all.find((v) => v.record.versionKey === head?.record.activeVersionKey);
      // A file without data rows (an empty day) cannot retype a column or make it nullable.
      const observed =
        active && inferred.rowCount === 0
          ? fieldsOfEmptyFile(active.record.fields, inferred.fields)
          : inferred.fields;
      const diff = diffSchemas(
        active?.record.fields,
        observed,
        { active: active?.record.stats, observed: inferred.stats },
        source.hints,
      );
      const classification = classifyChange(active?.record.fields, observed, diff, source.policy, {
        hints: source.hints,
      });
      const ownVersion = all.find((v) => v.record.fileId === fileId);
      if (ownVersion) {
        return {
          version: ownVersion.record,
          previous: active?.record,
          created: true,
          diff,
          classification,
        };
      }
      if (!classification.changed) {
        if (!active) throw new Error('no ACTIVE version although the schema did not change');
        return {
          version: active.record,
          previous: active.record,
          created: false,
          diff,
          classification,
        };
      }
      const pendingTwin = all.find(
        (v) =>
          v.record.status === 'BREAKING' &&
          classification.status === 'BREAKING' &&
          sameShape(v.record.fields, classification.nextFields),
      );
      if (pendingTwin) {
        return {
          version: pendingTwin.record,
          previous: active?.record,
          created: false,
          diff,
          classification,
        };
      }
      const version = this.newVersion(
        source,
        fileId,
        inferred,
        head?.record,
        active?.record,
        diff,
        classification,
      );
      try {
        await this.versions.append(
          head,
          this.nextHead(source.sourceId, head?.record, version),
          version,
          this.deprecations(active, version),
        );
        return { version, previous: active?.record, created: true, diff, classification };
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
      }
    }
    throw new TransientError(
      'SCHEMA_CONTENDED',
      `schema of ${source.sourceId} changed concurrently ${MAX_ATTEMPTS} times`,
    );
  }

  private newVersion(
    source: SourceRecord,
    fileId: string,
    inferred: InferredSchema,
    head: SchemaHeadRecord | undefined,
    active: SchemaVersionRecord | undefined,
    diff: DriftDiff,
    classification: ChangeClassification,
  ): SchemaVersionRecord {
    let createdAt = this.clock.now();
    if (head && schemaVersionKey(createdAt) <= head.latestVersionKey) {
      createdAt = new Date(Date.parse(head.latestVersionKey.slice('version#'.length)) + 1);
    }
    const note =
      classification.status === 'BREAKING'
        ? `BREAKING: ${classification.breakingReasons.join('; ')}`
        : active
          ? 'additive change'
          : 'first version';
    return {
      sourceId: source.sourceId,
      versionKey: schemaVersionKey(createdAt),
      version: (head?.latestVersion ?? 0) + 1,
      fields: classification.nextFields,
      fieldDiff: diff,
      status: classification.status,
      compatibility: classification.compatibility,
      promotedAt: null,
      fileId,
      note,
      createdAt: createdAt.toISOString(),
      stats: inferred.stats,
      previousVersion: active?.version ?? null,
      encoding: {
        name: inferred.encoding,
        basis: inferred.encodingBasis,
        note: inferred.encodingNote,
      },
    };
  }

  private nextHead(
    sourceId: string,
    head: SchemaHeadRecord | undefined,
    version: SchemaVersionRecord,
  ): SchemaHeadRecord {
    const becomesActive = version.status === 'ACTIVE';
    return {
      sourceId,
      latestVersion: version.version,
      latestVersionKey: version.versionKey,
      activeVersion: becomesActive ? version.version : (head?.activeVersion ?? null),
      activeVersionKey: becomesActive ? version.versionKey : (head?.activeVersionKey ?? null),
      pendingBreaking: [
        ...(head?.pendingBreaking ?? []),
        ...(version.status === 'BREAKING' ? [version.versionKey] : []),
      ],
      updatedAt: version.createdAt,
    };
  }

  private deprecations(
    active: Versioned<SchemaVersionRecord> | undefined,
    version: SchemaVersionRecord,
  ): VersionStatusChange[] {
    if (!active || version.status !== 'ACTIVE') return [];
    return [
      { current: active, next: { ...active.record, status: 'DEPRECATED' satisfies SchemaStatus } },
    ];
  }
}
