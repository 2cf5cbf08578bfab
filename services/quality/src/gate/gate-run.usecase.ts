import { Inject, Injectable } from '@nestjs/common';
import {
  type FailedCheck,
  type LatestPointer,
  type RunRecord,
  type RunSummary,
  type SourceRecord,
} from '@tributary/contracts';
import {
  allStates,
  checkQuarantineRate,
  checkReconciliation,
  containsRun,
  GATE_CHECK,
  gateVerdict,
  mergeBaseConflicts,
  publishRun,
  runCause,
} from '@tributary/domain';
import { RunRepository, SourceRepository, type Versioned } from '@tributary/metadata';
import { type Logger, withContext } from '@tributary/platform';
import { CLOCK, type Clock, TerminalError } from '@tributary/ports';
import { FreshnessTracker } from '../pointer/freshness.tracker';
import { PointerStore } from '../pointer/pointer.store';
import { QUALITY_CONFIG, type QualityConfig } from '../quality.config';
import { type GateOutcome, QualityMetrics } from './quality.metrics';
import { RecordDecision } from './record-decision';
import { RunInspector } from './run-inspector';
import { RunSummaryReader } from './run-summary.reader';

export interface GateResult {
  /** `skipped`: the run was decided before (a redelivery); nothing changed. */
  readonly outcome: GateOutcome | 'skipped';
  readonly status: RunRecord['status'];
  /** The pointer revision the run is published in (promoted), or the unchanged one (empty). */
  readonly pointerRevision: number | null;
  readonly failedChecks: readonly FailedCheck[];
}

type Publication =
  | { readonly kind: 'published' | 'already' | 'unchanged'; readonly revision: number }
  | { readonly kind: 'conflict'; readonly dates: readonly string[]; readonly revision: number };

/**
 * The quality gate of one completed run (SPEC §5). It trusts the run only through its `_SUCCESS`
 * summary, checks the quarantine rate, row reconciliation (counting the Parquet with DuckDB) and
 * the source's column checks, then either moves `_LATEST.json` by compare-and-swap (pass) or
 * leaves it untouched (fail). A run already decided, or already in the pointer, changes nothing.
 *
 * An empty batch (no rows in) passes, but its next table state equals the current one: the
 * pointer is not rewritten (no new revision), the run is marked PROMOTED as a no-op with the
 * unchanged revision in `run-promoted`, and its input files (empty uploads) are PROMOTED so no
 * later run takes them again.
 */
@Injectable()
export class GateRunUseCase {
  constructor(
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(RunSummaryReader) private readonly summaries: RunSummaryReader,
    @Inject(RunInspector) private readonly inspector: RunInspector,
    @Inject(PointerStore) private readonly pointers: PointerStore,
    @Inject(RecordDecision) private readonly record: RecordDecision,
    @Inject(FreshnessTracker) private readonly freshness: FreshnessTracker,
    @Inject(QualityMetrics) private readonly metrics: QualityMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUALITY_CONFIG) private readonly config: QualityConfig,
  ) {}

  async execute(sourceId: string, runId: string, logger: Logger): Promise<GateResult> {
    const started = process.hrtime.bigint();
    const run = await this.runs.get(sourceId, runId);
    if (!run)
      throw new TerminalError(
        'RUN_UNKNOWN',
        `run ${runId} of ${sourceId} is not in the runs table`,
      );
    const log = withContext(logger, { sourceId, runId, traceparent: run.record.traceparent });
    switch (run.record.status) {
      case 'PROMOTED':
      case 'REJECTED':
        log.info({ status: run.record.status }, 'run already decided; nothing to do');
        return {
          outcome: 'skipped',
          status: run.record.status,
          pointerRevision: null,
          failedChecks: run.record.failedChecks,
        };
      case 'RUNNING':
      case 'FAILED':
        throw new TerminalError(
          'RUN_NOT_COMPLETED',
          `run ${runId} of ${sourceId} is ${run.record.status}; only COMPLETED runs are gated`,
        );
      case 'COMPLETED':
        break;
    }
    const source = (await this.sources.get(sourceId))?.record;
    if (!source) throw new TerminalError('SOURCE_UNKNOWN', `source ${sourceId} does not exist`);

    const read = await this.summaries.read(sourceId, runId);
    if (read.kind !== 'ok') {
      const detail =
        read.kind === 'missing'
          ? `${read.key} is missing; a run is trusted only once its summary is written`
          : `${read.key} is not a valid run summary: ${read.reason}`;
      return this.reject(
        run,
        undefined,
        [{ check: GATE_CHECK.successMarker, detail }],
        log,
        started,
      );
    }
    const summary = read.summary;
    const before = await this.pointers.read(sourceId);
    if (containsRun(before?.pointer, runId)) {
      // Published by an earlier attempt that stopped before recording it: finish recording.
      return this.promote(run, summary, revisionOf(before!.pointer, runId), log, started);
    }
    const failedChecks = await this.check(source, summary);
    if (failedChecks.length > 0) return this.reject(run, summary, failedChecks, log, started);

    const { result } = await this.pointers.update<Publication>(
      sourceId,
      async (current) => this.decide(current?.pointer, summary),
      (attempt) =>
        log.warn(
          { attempt },
          '_LATEST.json changed since it was read (another publisher won the compare-and-swap); re-reading and re-applying',
        ),
    );
    switch (result.kind) {
      case 'conflict': {
        const again = await this.pointers.read(sourceId);
        if (containsRun(again?.pointer, runId))
          return this.promote(run, summary, revisionOf(again!.pointer, runId), log, started);
        const detail = `partitions ${result.dates.join(', ')} changed since revision ${summary.baseRevision} the merge was computed against (now ${result.revision}); publishing would drop those changes. The run's input files stay PROFILED for the next run to merge again`;
        return this.reject(run, summary, [{ check: GATE_CHECK.mergeBase, detail }], log, started);
      }
      case 'published':
        log.info(
          { pointerRevision: result.revision, writeMode: summary.writeMode },
          'run published: _LATEST.json moved',
        );
        return this.promote(run, summary, result.revision, log, started);
      case 'already':
        log.info(
          { pointerRevision: result.revision },
          'run was already published by another writer',
        );
        return this.promote(run, summary, result.revision, log, started);
      case 'unchanged':
        log.info(
          { pointerRevision: result.revision, rowsIn: summary.rowsIn },
          'run changes nothing (empty batch): pointer left as it is',
        );
        return this.promote(run, summary, result.revision, log, started);
    }
  }

  private async check(source: SourceRecord, summary: RunSummary): Promise<FailedCheck[]> {
    const inspection = await this.inspector.inspect(summary, source.columnChecks ?? []);
    const verdict = gateVerdict(
      [
        checkQuarantineRate({
          rowsIn: summary.rowsIn,
          rowsQuarantined: summary.rowsQuarantined,
          threshold: source.quarantineThreshold,
        }),
        ...checkReconciliation({
          writeMode: summary.writeMode,
          rowsIn: summary.rowsIn,
          rowsOut: summary.rowsOut,
          rowsQuarantined: summary.rowsQuarantined,
          inputs: summary.inputs,
          files: inspection.files,
          runRows: inspection.runRows,
        }),
        ...inspection.columnOutcomes,
      ],
      summary.rowsIn,
    );
    return [...verdict.failedChecks];
  }

  private async decide(
    pointer: LatestPointer | undefined,
    summary: RunSummary,
  ): Promise<
    | { kind: 'write'; pointer: LatestPointer; result: Publication }
    | { kind: 'stop'; result: Publication }
  > {
    const revision = pointer?.current.revision ?? 0;
    if (containsRun(pointer, summary.runId))
      return {
        kind: 'stop',
        result: { kind: 'already', revision: revisionOf(pointer!, summary.runId) },
      };
    const conflicts = mergeBaseConflicts(pointer, summary);
    if (conflicts.length > 0)
      return { kind: 'stop', result: { kind: 'conflict', dates: conflicts, revision } };
    const change = publishRun(pointer, summary, {
      publishedAt: this.clock.now().toISOString(),
      historyLimit: this.config.pointerHistory,
    });
    if (change.kind === 'unchanged')
      return { kind: 'stop', result: { kind: 'unchanged', revision: change.revision } };
    return {
      kind: 'write',
      pointer: change.pointer,
      result: { kind: 'published', revision: change.pointer.current.revision },
    };
  }

  private async promote(
    run: Versioned<RunRecord>,
    summary: RunSummary,
    revision: number,
    log: Logger,
    started: bigint,
  ): Promise<GateResult> {
    const { newestLandedMs } = await this.record.promoted(run, summary, revision, log);
    const outcome: GateOutcome = summary.rowsIn === 0 ? 'empty' : 'promoted';
    this.metrics.decided(run.record.sourceId, outcome, summary, seconds(started));
    await this.freshness.published(run.record.sourceId, run.record.runId, newestLandedMs);
    log.info(
      {
        outcome,
        pointerRevision: revision,
        rowsOut: summary.rowsOut,
        rowsQuarantined: summary.rowsQuarantined,
      },
      'run promoted',
    );
    return { outcome, status: 'PROMOTED', pointerRevision: revision, failedChecks: [] };
  }

  private async reject(
    run: Versioned<RunRecord>,
    summary: RunSummary | undefined,
    failedChecks: readonly FailedCheck[],
    log: Logger,
    started: bigint,
  ): Promise<GateResult> {
    await this.record.rejected(run, summary, failedChecks);
    this.metrics.decided(
      run.record.sourceId,
      'rejected',
      {
        rowsOut: summary?.rowsOut ?? run.record.rowsOut,
        rowsQuarantined: summary?.rowsQuarantined ?? run.record.rowsQuarantined,
      },
      seconds(started),
    );
    log.warn({ failedChecks }, 'run rejected by the quality gate; the pointer is untouched');
    return { outcome: 'rejected', status: 'REJECTED', pointerRevision: null, failedChecks };
  }
}

/** The revision that published the run (or, if no kept state names it, the current one). */
function revisionOf(pointer: LatestPointer, runId: string): number {
  return (
    allStates(pointer).find((s) => s.cause === runCause(runId))?.revision ??
    pointer.current.revision
  );
}

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
