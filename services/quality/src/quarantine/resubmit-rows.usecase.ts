import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type FileRecord,
  MAX_ROW_ATTEMPTS,
  newFileId,
  rawKey,
  type ResubmittedRow,
} from '@tributary/contracts';
import {
  FileLedgerRepository,
  SchemaVersionRepository,
  SourceRepository,
} from '@tributary/metadata';
import { LOGGER, type Logger, problem, withContext } from '@tributary/platform';
import { CLOCK, type Clock, OBJECT_STORE, type ObjectStore } from '@tributary/ports';
import { alreadyResubmitted, rowRef } from '@tributary/domain';
import { QuarantineRowsReader, type StoredRow } from './quarantine-rows.reader';

export interface RowSelection {
  readonly fileId: string;
  readonly rowPosition: number;
  /** Corrected values replacing the original row; absent = re-submit the row as it was. */
  readonly values?: Readonly<Record<string, unknown>>;
}

export interface ResubmitCommand {
  readonly sourceId: string;
  readonly runId: string;
  readonly rows: readonly RowSelection[];
}

export interface ResubmitResult {
  readonly sourceId: string;
  readonly runId: string;
  /** The retry file: in the raw zone and the files ledger (PROFILED), for the next run. */
  readonly fileId: string;
  readonly key: string;
  readonly rows: number;
  readonly corrected: number;
  readonly approved: boolean;
  readonly schemaVersion: number;
}

/**
 * Sends quarantined rows back into promotion: an NDJSON file of `ResubmittedRow` in the raw zone
 * (`retry__quarantine-<runId>.ndjson`), recorded in the ledger as PROFILED against the ACTIVE
 * schema version with `retryOf`, so the next promotion run validates the rows again (the
 * promoter counts the attempt when they fail again). Rows that reached MAX_ROW_ATTEMPTS are
 * condemned and go back only through `approve`, which marks them approved. A row goes back once
 * per attempt, whichever run quarantined it (a backfill quarantines an uncorrected row again):
 * a second re-submission of the same attempt is refused.
 */
@Injectable()
export class ResubmitRowsUseCase {
  constructor(
    @Inject(QuarantineRowsReader) private readonly reader: QuarantineRowsReader,
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(SchemaVersionRepository) private readonly versions: SchemaVersionRepository,
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Quarantined rows, as they were or corrected. */
  resubmit(command: ResubmitCommand): Promise<ResubmitResult> {
    return this.send(command, false);
  }

  /** Condemned rows a person explicitly approves for one more attempt. */
  approve(command: ResubmitCommand): Promise<ResubmitResult> {
    return this.send(command, true);
  }

  private async send(command: ResubmitCommand, approved: boolean): Promise<ResubmitResult> {
    const { sourceId, runId } = command;
    if (!(await this.sources.get(sourceId)))
      throw problem.notFound('source-not-found', `no source ${sourceId}`);
    const active = await this.versions.getActive(sourceId);
    if (!active)
      throw problem.conflict(
        'no-active-schema',
        `source ${sourceId} has no ACTIVE schema version to validate re-submitted rows against`,
      );
    const refs = command.rows.map(rowRef);
    const repeated = refs.filter((r, i) => refs.indexOf(r) !== i);
    if (repeated.length > 0)
      throw problem.badRequest(
        'duplicate-rows',
        `rows named twice: ${[...new Set(repeated)].join(', ')}`,
      );

    const found = await this.candidates(sourceId, runId, approved);
    const missing = refs.filter((r) => !found.has(r));
    if (missing.length > 0) {
      throw problem.notFound(
        'rows-not-found',
        `${missing.length} rows are not ${approved ? 'condemned' : 'quarantined'} in run ${runId}: ${missing.slice(0, 10).join(', ')}`,
      );
    }
    if (!approved) this.refuseIneligible(command.rows.map((r) => found.get(rowRef(r))!));
    const resubmissions = await this.reader.resubmissions(sourceId);
    const again = refs.filter((r) => alreadyResubmitted(resubmissions.get(r), found.get(r)!));
    if (again.length > 0) {
      const fileOf = (r: string) => resubmissions.get(r)!.fileId;
      throw problem.conflict(
        'already-resubmitted',
        `${again.length} rows of run ${runId} were already re-submitted: ${again
          .slice(0, 10)
          .map((r) => `${r} (in file ${fileOf(r)})`)
          .join(', ')}`,
        { rows: again.map((r) => ({ row: r, fileId: fileOf(r) })) },
      );
    }

    const lines = command.rows.map((selection): ResubmittedRow => {
      const row = found.get(rowRef(selection))!;
      return {
        values: selection.values ?? row.original,
        origin: {
          fileId: row.fileId,
          rowPosition: row.rowPosition,
          attemptCount: row.attemptCount,
          retryHistory: row.retryHistory ?? [],
          approved,
        },
      };
    });
    const body = Buffer.from(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const fileId = newFileId(now.getTime());
    const fileName = `retry__quarantine-${runId}.ndjson`;
    const key = rawKey(sourceId, today, fileId, fileName);
    await this.objects.put(key, body, { contentType: 'application/x-ndjson', ifNoneMatch: '*' });
    const record: FileRecord = {
      sourceId,
      fileId,
      key,
      fileName,
      contentType: 'application/x-ndjson',
      contentEncoding: null,
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      landingDate: today,
      landedAt: now.toISOString(),
      status: 'PROFILED',
      schemaVersion: active.record.version,
      runId: null,
      reason: `${approved ? 'approved re-submission' : 're-submission'} of ${lines.length} rows quarantined by run ${runId}`,
      rowCount: lines.length,
      format: 'ndjson',
      deadLetterKey: null,
      profile: { format: 'ndjson', encoding: 'utf-8', dialect: null, rowErrors: 0 },
      retryOf: runId,
      retryOrigins: [...new Set(lines.map((l) => l.origin.fileId))],
      traceparent: '',
      updatedAt: now.toISOString(),
    };
    await this.files.create(record);
    const corrected = command.rows.filter((r) => r.values !== undefined).length;
    withContext(this.logger, { sourceId, runId, fileId }).info(
      { rows: lines.length, corrected, approved, key },
      approved ? 'condemned rows approved and re-submitted' : 'quarantined rows re-submitted',
    );
    return {
      sourceId,
      runId,
      fileId,
      key,
      rows: lines.length,
      corrected,
      approved,
      schemaVersion: active.record.version,
    };
  }

  /**
   * Rows to choose from: a run's quarantine; for an approval its condemned rows, and quarantined
   * rows that failed again after an earlier approval (their attempts are already exhausted).
   */
  private async candidates(
    sourceId: string,
    runId: string,
    approved: boolean,
  ): Promise<Map<string, StoredRow>> {
    const quarantined = await this.reader.runRows('quarantine', sourceId, runId);
    if (!approved) return quarantined;
    const condemned = await this.reader.runRows('condemned', sourceId, runId);
    for (const [ref, row] of quarantined)
      if (row.attemptCount >= MAX_ROW_ATTEMPTS && !row.discardedOnly && !condemned.has(ref))
        condemned.set(ref, row);
    return condemned;
  }

  private refuseIneligible(rows: readonly StoredRow[]): void {
    const exhausted = rows.filter((r) => r.attemptCount >= MAX_ROW_ATTEMPTS).map(rowRef);
    if (exhausted.length > 0) {
      throw problem.unprocessable(
        'attempts-exhausted',
        `${exhausted.length} rows already failed ${MAX_ROW_ATTEMPTS} attempts and are condemned; only an explicit approval re-submits them: ${exhausted.slice(0, 10).join(', ')}`,
        { rows: exhausted },
      );
    }
    const published = rows.filter((r) => r.discardedOnly).map(rowRef);
    if (published.length > 0) {
      throw problem.unprocessable(
        'row-published',
        `${published.length} rows were published without their discarded values; re-submitting would publish them twice: ${published.slice(0, 10).join(', ')}`,
        { rows: published },
      );
    }
  }
}
