import { Inject, Injectable } from '@nestjs/common';
import {
  buildEvent,
  deadLetterKey,
  type FileLandedEvent,
  type FileRecord,
  newEventId,
  type SourceRecord,
  TOPIC,
} from '@tributary/contracts';
import {
  FileParseError,
  type InferredSchema,
  profileStream,
  resolveCommandHint,
} from '@tributary/domain';
import {
  FileLedgerRepository,
  SchemaVersionRepository,
  SourceRepository,
  type Versioned,
} from '@tributary/metadata';
import { EventBus, type Logger } from '@tributary/platform';
import {
  CLOCK,
  type Clock,
  NotFoundError,
  OBJECT_STORE,
  type ObjectStore,
  PreconditionFailedError,
  TerminalError,
} from '@tributary/ports';
import { describeBlocked, driftStatus } from './drift-wording';
import { ProfilerMetrics } from './profiler.metrics';
import { landedChunks } from './read-landed-object';
import { RecordSchemaVersion, type VersionOutcome } from './record-schema-version';
import { unstorableFieldReason } from './unstorable-field-name';

export type ProfileOutcome = 'profiled' | 'dead-lettered' | 'skipped';

/**
 * Profiles a landed file: streams it, infers its schema, records a schema version when it
 * changed, marks the file PROFILED and publishes `schema-profiled` (and `drift-detected`).
 * A file that cannot be parsed is copied byte-for-byte to the dead-letter zone. Safe to repeat:
 * a redelivered event re-publishes the same event ids and writes nothing twice.
 */
@Injectable()
export class ProfileFileUseCase {
  constructor(
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(SchemaVersionRepository) private readonly versions: SchemaVersionRepository,
    @Inject(RecordSchemaVersion) private readonly recordVersion: RecordSchemaVersion,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ProfilerMetrics) private readonly metrics: ProfilerMetrics,
  ) {}

  async execute(event: FileLandedEvent, log: Logger): Promise<ProfileOutcome> {
    const file = await this.files.get(event.sourceId, event.fileId);
    if (!file)
      throw new TerminalError(
        'FILE_UNKNOWN',
        `file ${event.fileId} of ${event.sourceId} is not in the ledger`,
      );
    const source = await this.sources.get(event.sourceId);
    if (!source)
      throw new TerminalError('SOURCE_UNKNOWN', `source ${event.sourceId} does not exist`);
    switch (file.record.status) {
      case 'LANDED':
        break;
      case 'PROFILED':
        await this.publishProfiled(file.record);
        return 'skipped';
      case 'DEAD_LETTERED':
        await this.publishDeadLetter(file.record);
        return 'skipped';
      case 'PROMOTED':
      case 'QUARANTINED':
        return 'skipped';
    }

    let inferred: InferredSchema;
    try {
      inferred = await this.profile(file.record, source.record);
    } catch (error) {
      if (error instanceof FileParseError) {
        await this.deadLetter(file, error.message, log);
        return 'dead-lettered';
      }
      if (error instanceof NotFoundError) {
        throw new TerminalError('RAW_OBJECT_MISSING', `raw object ${file.record.key} is missing`, {
          cause: error,
        });
      }
      throw error;
    }
    const unstorable = unstorableFieldReason(inferred);
    if (unstorable !== undefined) {
      await this.deadLetter(file, unstorable, log);
      return 'dead-lettered';
    }
    const outcome = await this.recordVersion.execute(source.record, file.record.fileId, inferred);
    const profiled = await this.markProfiled(file, inferred, outcome);
    this.metrics.profiled(event.sourceId, inferred.rowCount, file.record.bytes);
    if (isDrift(outcome)) {
      this.metrics.driftDetected(event.sourceId, driftStatus(outcome));
    }
    await this.refreshVersionGauge(event.sourceId);
    await this.publishProfiled(profiled, outcome);
    log.info(
      {
        schemaVersion: outcome.version.version,
        status: outcome.version.status,
        created: outcome.created,
        rows: inferred.rowCount,
      },
      'file profiled',
    );
    return 'profiled';
  }

  private async profile(file: FileRecord, source: SourceRecord): Promise<InferredSchema> {
    const { body } = await this.objects.get(file.key);
    return profileStream(landedChunks(body, file.contentEncoding === 'gzip'), {
      contentType: file.contentType,
      charset: file.charset ?? null,
      hints: source.hints,
    });
  }

  private async markProfiled(
    file: Versioned<FileRecord>,
    inferred: InferredSchema,
    outcome: VersionOutcome,
  ): Promise<FileRecord> {
    const announceDrift = isDrift(outcome);
    let current = file;
    for (;;) {
      const next: FileRecord = {
        ...current.record,
        status: 'PROFILED',
        schemaVersion: outcome.version.version,
        // Every row promotion will take: readable records and rows it will quarantine unread.
        rowCount: inferred.rowCount + inferred.rowErrors.count,
        format: inferred.format,
        reason: fileReason(outcome, inferred),
        profile: {
          format: inferred.format,
          encoding: inferred.encoding,
          dialect: inferred.dialect ?? null,
          rowErrors: inferred.rowErrors.count,
          encodingBasis: inferred.encodingBasis,
          encodingNote: inferred.encodingNote,
        },
        eventIds: {
          schemaProfiled: newEventId(),
          ...(announceDrift ? { driftDetected: newEventId() } : {}),
        },
        updatedAt: this.clock.now().toISOString(),
      };
      try {
        await this.files.update(next, current.revision);
        return next;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
        const reread = await this.files.get(file.record.sourceId, file.record.fileId);
        if (!reread) throw error;
        if (reread.record.status !== 'LANDED') return reread.record;
        current = reread;
      }
    }
  }

  /** Publishes the file's events with the ids stored on its ledger record. */
  private async publishProfiled(file: FileRecord, outcome?: VersionOutcome): Promise<void> {
    const ids = file.eventIds ?? {};
    if (!ids.schemaProfiled || file.schemaVersion === null) return;
    const version =
      outcome?.version ??
      (await this.versions.getByNumber(file.sourceId, file.schemaVersion))?.record;
    if (!version) return;
    const context = { sourceId: file.sourceId, traceparent: file.traceparent || undefined };
    await this.events.publish(
      TOPIC.schemaProfiled,
      buildEvent(
        TOPIC.schemaProfiled,
        { ...context, eventId: ids.schemaProfiled },
        {
          fileId: file.fileId,
          key: file.key,
          format: file.format ?? 'unknown',
          rowCount: file.rowCount ?? 0,
          schemaVersion: version.version,
          versionKey: version.versionKey,
          versionStatus: version.status,
          createdVersion: version.fileId === file.fileId,
        },
      ),
    );
    if (!ids.driftDetected) return;
    const previous =
      outcome?.previous ??
      (version.previousVersion
        ? (await this.versions.getByNumber(file.sourceId, version.previousVersion))?.record
        : undefined);
    const diff = outcome?.diff ?? version.fieldDiff;
    const policy = (await this.sources.get(file.sourceId))?.record.policy ?? 'evolve';
    await this.events.publish(
      TOPIC.driftDetected,
      buildEvent(
        TOPIC.driftDetected,
        { ...context, eventId: ids.driftDetected },
        {
          fileId: file.fileId,
          key: file.key,
          fileName: file.fileName,
          previousVersion: previous?.version ?? null,
          newVersion: version.version,
          versionKey: version.versionKey,
          status: version.status,
          policy,
          diff,
          blocked: describeBlocked(file.sourceId, version, outcome?.classification.discards ?? []),
        },
      ),
    );
  }

  private async deadLetter(
    file: Versioned<FileRecord>,
    reason: string,
    log: Logger,
  ): Promise<void> {
    const record = file.record;
    const target = deadLetterKey(
      record.sourceId,
      record.landingDate,
      record.fileId,
      record.fileName,
    );
    await this.objects.copy(record.key, target);
    const next: FileRecord = {
      ...record,
      status: 'DEAD_LETTERED',
      reason,
      deadLetterKey: target,
      eventIds: { ...record.eventIds, deadLetter: newEventId() },
      updatedAt: this.clock.now().toISOString(),
    };
    try {
      await this.files.update(next, file.revision);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      const reread = await this.files.get(record.sourceId, record.fileId);
      if (reread?.record.status === 'DEAD_LETTERED') await this.publishDeadLetter(reread.record);
      return;
    }
    this.metrics.failed(record.sourceId);
    await this.publishDeadLetter(next);
    log.warn({ deadLetterKey: target, reason }, 'file could not be parsed; dead-lettered');
  }

  private async publishDeadLetter(file: FileRecord): Promise<void> {
    if (!file.eventIds?.deadLetter || !file.deadLetterKey) return;
    await this.events.publish(
      TOPIC.deadLetter,
      buildEvent(
        TOPIC.deadLetter,
        {
          sourceId: file.sourceId,
          traceparent: file.traceparent || undefined,
          eventId: file.eventIds.deadLetter,
        },
        {
          fileId: file.fileId,
          originalKey: file.key,
          deadLetterKey: file.deadLetterKey,
          fileName: file.fileName,
          stage: 'profiling',
          reason: file.reason ?? 'unparseable',
        },
      ),
    );
  }

  private async refreshVersionGauge(sourceId: string): Promise<void> {
    const counts = { ACTIVE: 0, DEPRECATED: 0, BREAKING: 0 };
    for (const v of await this.versions.list(sourceId)) counts[v.record.status]++;
    this.metrics.versionCounts(sourceId, counts);
  }
}

/** A schema change against an earlier version (not a source's first version), or discarded drift. */
function isDrift(outcome: VersionOutcome): boolean {
  return (
    (outcome.created && outcome.previous !== undefined) ||
    outcome.classification.discards.length > 0
  );
}

function fileReason(outcome: VersionOutcome, inferred: InferredSchema): string | null {
  if (inferred.rowCount === 0 && !outcome.created) {
    const unread = inferred.rowErrors.count;
    const what =
      unread > 0
        ? `no readable rows (${unread} could not be read; promotion quarantines them)`
        : 'no data rows (an empty export)';
    return `${what}: profiled against schema version ${outcome.version.version}, which a file without rows does not change`;
  }
  if (outcome.version.status === 'BREAKING') {
    return `schema version ${outcome.version.version} is BREAKING (${outcome.classification.breakingReasons.join('; ') || outcome.version.note}); promotion of this source is blocked until a person resolves it: ${resolveCommandHint(outcome.version.sourceId, outcome.version.version)}`;
  }
  if (outcome.classification.discards.length > 0) return outcome.classification.discards.join('; ');
  return null;
}
