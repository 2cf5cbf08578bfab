import { Inject, Injectable } from '@nestjs/common';
import {
  buildEvent,
  type FailedCheck,
  type FileRecord,
  type RunRecord,
  type RunStatus,
  type RunSummary,
  TOPIC,
} from '@tributary/contracts';
import { FileLedgerRepository, RunRepository, type Versioned } from '@tributary/metadata';
import { EventBus, type Logger } from '@tributary/platform';
import { CLOCK, type Clock, PreconditionFailedError } from '@tributary/ports';
import { derivedEventId } from './derived-event-id';

const UPDATE_ATTEMPTS = 5;

/**
 * Records what the gate decided, after the pointer (the decision itself) is settled: input files
 * PROMOTED, the event out, and the run's status last, so a crash anywhere before leaves the run
 * COMPLETED and a redelivered `run-completed` finishes the same steps with the same event id.
 */
@Injectable()
export class RecordDecision {
  constructor(
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Marks the run's input files PROMOTED, publishes `run-promoted`, marks the run PROMOTED. */
  async promoted(
    run: Versioned<RunRecord>,
    summary: RunSummary,
    pointerRevision: number,
    log: Logger,
  ): Promise<{ newestLandedMs: number | undefined }> {
    const newestLandedMs = await this.markInputs(summary, log);
    const record = run.record;
    await this.events.publish(
      TOPIC.runPromoted,
      buildEvent(
        TOPIC.runPromoted,
        {
          sourceId: record.sourceId,
          runId: record.runId,
          traceparent: record.traceparent || undefined,
          eventId: derivedEventId(`${record.runId}:run-promoted`, decisionTime(record, summary)),
        },
        {
          executionId: summary.executionId,
          schemaVersion: summary.schemaVersion,
          pointerRevision,
          partitions: summary.partitions.map((p) => p.date),
          rowsOut: summary.rowsOut,
        },
      ),
    );
    await this.setStatus(run, 'PROMOTED', []);
    return { newestLandedMs };
  }

  /** Publishes `run-rejected` with the failed checks, then marks the run REJECTED with them. */
  async rejected(
    run: Versioned<RunRecord>,
    summary: RunSummary | undefined,
    failedChecks: readonly FailedCheck[],
  ): Promise<void> {
    const record = run.record;
    await this.events.publish(
      TOPIC.runRejected,
      buildEvent(
        TOPIC.runRejected,
        {
          sourceId: record.sourceId,
          runId: record.runId,
          traceparent: record.traceparent || undefined,
          eventId: derivedEventId(`${record.runId}:run-rejected`, decisionTime(record, summary)),
        },
        {
          executionId: summary?.executionId ?? record.executionId,
          failedChecks: failedChecks.map((c) => ({ check: c.check, detail: c.detail })),
          rowsIn: summary?.rowsIn ?? record.rowsIn,
          rowsQuarantined: summary?.rowsQuarantined ?? record.rowsQuarantined,
        },
      ),
    );
    // A rejected run's files leave the queue (QUARANTINED, with the reason), so scheduled runs do
    // not reject them again and again; re-submitting them through the control plane retries.
    // A merge computed against a stale table state is the exception: the next run re-merges.
    if (!failedChecks.every((c) => c.check === 'merge_base')) {
      const reason = `run ${record.runId} rejected: ${failedChecks.map((c) => `${c.check} (${c.detail})`).join('; ')}`;
      await this.quarantineInputs(record, summary?.inputs ?? record.inputs, reason);
    }
    await this.setStatus(run, 'REJECTED', failedChecks);
  }

  private async quarantineInputs(
    run: RunRecord,
    inputs: readonly { fileId: string }[],
    reason: string,
  ): Promise<void> {
    for (const input of inputs) {
      for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
        const file = await this.files.get(run.sourceId, input.fileId);
        if (!file || file.record.status !== 'PROFILED') break;
        try {
          await this.files.update(
            {
              ...file.record,
              status: 'QUARANTINED',
              runId: run.runId,
              reason,
              updatedAt: this.clock.now().toISOString(),
            },
            file.revision,
          );
          break;
        } catch (error) {
          if (!(error instanceof PreconditionFailedError)) throw error;
        }
      }
    }
  }

  /**
   * Input files become PROMOTED with the run's id. A backfill re-publishes files an earlier run
   * already promoted: those keep their run; only its late files are marked.
   */
  private async markInputs(summary: RunSummary, log: Logger): Promise<number | undefined> {
    let newest: number | undefined;
    for (const input of summary.inputs) {
      for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
        const file = await this.files.get(summary.sourceId, input.fileId);
        if (!file) {
          log.warn({ fileId: input.fileId }, 'input file of the run is not in the ledger');
          break;
        }
        const landed = Date.parse(file.record.landedAt);
        if (Number.isFinite(landed)) newest = Math.max(newest ?? landed, landed);
        const done =
          file.record.status === 'PROMOTED' &&
          (file.record.runId === summary.runId || summary.backfill);
        if (done) break;
        const next: FileRecord = {
          ...file.record,
          status: 'PROMOTED',
          runId: summary.runId,
          // What held the file back (a BREAKING version, a rejected run) is over.
          reason: null,
          updatedAt: this.clock.now().toISOString(),
        };
        try {
          await this.files.update(next, file.revision);
          break;
        } catch (error) {
          if (!(error instanceof PreconditionFailedError)) throw error;
        }
      }
    }
    return newest;
  }

  private async setStatus(
    run: Versioned<RunRecord>,
    status: Extract<RunStatus, 'PROMOTED' | 'REJECTED'>,
    failedChecks: readonly FailedCheck[],
  ): Promise<void> {
    let current: Versioned<RunRecord> | undefined = run;
    for (let attempt = 0; attempt < UPDATE_ATTEMPTS && current; attempt++) {
      if (current.record.status === 'PROMOTED' || current.record.status === 'REJECTED') return;
      try {
        await this.runs.update(
          {
            ...current.record,
            status,
            failedChecks: failedChecks.map((c) => ({ check: c.check, detail: c.detail })),
          },
          current.revision,
        );
        return;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
        current = await this.runs.get(run.record.sourceId, run.record.runId);
      }
    }
  }
}

/** The instant a decision's event carries: when the run finished (stable across redeliveries). */
function decisionTime(run: RunRecord, summary: RunSummary | undefined): number {
  return Date.parse(summary?.finishedAt ?? run.finishedAt ?? run.startedAt);
}
