import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import {
  buildEvent,
  newEventId,
  type LatestPointer,
  type PipelineStateRecord,
  type RunRecord,
  type SchemaVersionRecord,
  type SourceRecord,
  TOPIC,
} from '@tributary/contracts';
import {
  PipelineTransitions,
  FileLedgerRepository,
  RunRepository,
  SchemaVersionRepository,
  SourceRepository,
  type Versioned,
} from '@tributary/metadata';
import { EventBus, LOGGER, type Logger, withContext } from '@tributary/platform';
import {
  CLOCK,
  type Clock,
  errorMessage,
  PreconditionFailedError,
  SQL_ENGINE_FACTORY,
  type SqlEngineFactory,
  TributaryError,
} from '@tributary/ports';
import { LineageReporter } from '../lineage/lineage.reporter';
import { PROMOTER_CONFIG, type PromoterConfig } from '../promoter.config';
import { BatchProcessor } from './batch/batch-processor';
import { FinalizeRun } from './finalize-run';
import { MergeByKey } from './merge/merge-by-key';
import { batchesOf, PlanRun } from './plan-run';
import { PromoterMetrics } from './promoter.metrics';
import { PublishedPointerReader } from './published-pointer.reader';
import { type ProvenanceReading, RebuildScopeLoader } from './rebuild/rebuild-scope.loader';
import { RunStopSignal } from './run-stop.signal';
import { runWarnings } from './run-warnings';
import { publishedColumns } from './published-columns';

export type RunOutcome = 'completed' | 'paused' | 'claim-lost' | 'handed-back' | 'failed';

/**
 * Executes a claimed run batch by batch: each batch validates its files' rows and writes Parquet
 * to the run's staging folder, then checkpoints; between batches a pause request takes effect;
 * at the end the run moves to `curated/`, `_SUCCESS` is written last and `run-completed` goes
 * out. A crashed run is resumed from its last checkpoint by whichever promoter claims it next.
 */
@Injectable()
export class ExecuteRunUseCase {
  constructor(
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(SchemaVersionRepository) private readonly versions: SchemaVersionRepository,
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(PipelineTransitions) private readonly pipeline: PipelineTransitions,
    @Inject(PlanRun) private readonly planner: PlanRun,
    @Inject(BatchProcessor) private readonly batches: BatchProcessor,
    @Inject(MergeByKey) private readonly merger: MergeByKey,
    @Inject(FinalizeRun) private readonly finalizer: FinalizeRun,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(SQL_ENGINE_FACTORY) private readonly engines: SqlEngineFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PROMOTER_CONFIG) private readonly config: PromoterConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PromoterMetrics) private readonly metrics: PromoterMetrics,
    @Inject(RunStopSignal) private readonly stopSignal: RunStopSignal,
    @Inject(LineageReporter) private readonly lineage: LineageReporter,
    @Inject(PublishedPointerReader) private readonly pointers: PublishedPointerReader,
    @Inject(RebuildScopeLoader) private readonly scopes: RebuildScopeLoader,
  ) {}

  async execute(claim: Versioned<PipelineStateRecord>): Promise<RunOutcome> {
    const sourceId = claim.record.sourceId;
    const runId = claim.record.runId!;
    const source = (await this.sources.get(sourceId))?.record;
    if (!source) throw new Error(`source ${sourceId} vanished`);
    let state = claim;
    const started = Date.now();
    const timings: Record<string, number> = {};
    await mkdir(this.config.workDir, { recursive: true });
    const engine = await this.engines.open({
      ...this.config.duckdb,
      tempDirectory: this.config.workDir,
    });
    const scratch = join(this.config.workDir, runId);
    try {
      const pointer = await this.pointers.read(sourceId);
      const provenance = (dates: readonly string[] | null | undefined) =>
        source.writeMode === 'merge' && dates ? { dates, engine, workDir: scratch } : undefined;
      let run = await this.startOrResume(source, claim, pointer, provenance);
      const log = withContext(this.logger, {
        sourceId,
        runId,
        traceparent: run.record.traceparent,
      });
      const version = await this.versionOf(run.record, sourceId);
      if (!version) return this.fail(state, run, log, 'the source has no ACTIVE schema version');
      const columns = publishedColumns(version.fields);
      const byId = new Map(
        (await this.files.list(sourceId)).map((f) => [f.record.fileId, f.record]),
      );
      const scope = await this.scopes.scope({
        run: run.record,
        source,
        ledger: byId,
        pointer,
        provenance: provenance(run.record.backfillDates),
      });
      for (let b = run.record.batchesDone; b < run.record.batches.length; b++) {
        const next = await this.checkBoundary(state);
        if (next === 'paused' || next === 'claim-lost' || next === 'handed-back') {
          log.info({ batch: b, outcome: next }, 'run stopped at a batch boundary');
          return next;
        }
        state = next;
        const batchStarted = Date.now();
        const files = run.record.batches[b]!.map((id) => byId.get(id)).filter(
          (f) => f !== undefined,
        );
        const output = await this.batches.process(
          {
            sourceId,
            runId,
            batch: b,
            fields: version.fields,
            columns,
            policy: source.policy,
            partitionField: source.partitionField,
            scope,
            engine,
            workDir: this.config.workDir,
            originOf: async (fileId) => {
              const origin = byId.get(fileId) ?? (await this.files.get(sourceId, fileId))?.record;
              return {
                landingDate: origin?.landingDate ?? this.clock.now().toISOString().slice(0, 10),
                format: origin?.format ?? null,
              };
            },
          },
          files,
        );
        run = await this.checkpoint(run, {
          ...run.record,
          batchesDone: b + 1,
          staged: [...run.record.staged, ...output.parts],
          inputs: [...run.record.inputs, ...output.inputs],
          quarantineKeys: [...run.record.quarantineKeys, ...output.quarantineKeys],
          rowsIn: run.record.rowsIn + output.rowsIn,
          rowsOut: run.record.rowsOut + output.rowsOut,
          rowsQuarantined: run.record.rowsQuarantined + output.rowsQuarantined,
          rowsUndated: (run.record.rowsUndated ?? 0) + output.rowsUndated,
        });
        timings[`batch_${b}_ms`] = Date.now() - batchStarted;
        this.metrics.batch(sourceId, output.rowsOut, output.rowsQuarantined);
        log.info(
          {
            batch: b,
            rowsIn: output.rowsIn,
            rowsOut: output.rowsOut,
            rowsQuarantined: output.rowsQuarantined,
          },
          'batch done',
        );
      }
      const finalStarted = Date.now();
      const parts =
        run.record.writeMode === 'merge'
          ? await this.merger.merge({
              sourceId,
              runId,
              fields: version.fields,
              primaryKey: source.primaryKey,
              columns,
              staged: run.record.staged,
              pointer,
              rebuiltDates: run.record.backfillDates,
              engine,
              workDir: this.config.workDir,
            })
          : run.record.staged;
      timings.finalize_ms = Date.now() - finalStarted;
      timings.total_ms = Date.now() - started;
      const summary = await this.finalizer.finalize(
        {
          run: run.record,
          schemaVersion: version.version,
          columns,
          parts,
          baseRevision: pointer?.current.revision ?? 0,
          engine: 'duckdb',
        },
        timings,
      );
      const eventId = run.record.eventIds?.runCompleted ?? newEventId();
      run = await this.checkpoint(run, {
        ...run.record,
        status: 'COMPLETED',
        partitions: summary.partitions.map((p) => p.date),
        warnings: runWarnings(source, version.fields, run.record),
        finishedAt: summary.finishedAt,
        eventIds: { ...run.record.eventIds, runCompleted: eventId },
      });
      await this.events.publish(
        TOPIC.runCompleted,
        buildEvent(
          TOPIC.runCompleted,
          { sourceId, runId, traceparent: run.record.traceparent || undefined, eventId },
          {
            executionId: run.record.executionId,
            schemaVersion: version.version,
            writeMode: run.record.writeMode,
            backfill: run.record.backfill,
            successKey: `curated/source=${sourceId}/run_id=${runId}/_SUCCESS`,
            rowsIn: summary.rowsIn,
            rowsOut: summary.rowsOut,
            rowsQuarantined: summary.rowsQuarantined,
            fileIds: run.record.fileIds,
            partitions: summary.partitions.map((p) => p.date),
            engine: 'duckdb',
          },
        ),
      );
      await this.finish(state);
      await this.lineage.completed(run.record, summary);
      this.metrics.run(sourceId, 'completed', (Date.now() - started) / 1000);
      log.info(
        {
          rowsIn: summary.rowsIn,
          rowsOut: summary.rowsOut,
          rowsQuarantined: summary.rowsQuarantined,
          partitions: summary.partitions.length,
        },
        'run completed',
      );
      return 'completed';
    } catch (error) {
      if (error instanceof TributaryError && error.retriable) throw error;
      const run = await this.runs.get(sourceId, runId);
      if (!run) throw error;
      const log = withContext(this.logger, {
        sourceId,
        runId,
        traceparent: run.record.traceparent,
      });
      return this.fail(state, run, log, errorMessage(error));
    } finally {
      await engine.close();
      // Local scratch only: everything that matters is in the object store and the run record.
      await rm(scratch, { recursive: true, force: true });
    }
  }

  private async startOrResume(
    source: SourceRecord,
    claim: Versioned<PipelineStateRecord>,
    pointer: LatestPointer | undefined,
    provenance: (dates: readonly string[] | null | undefined) => ProvenanceReading | undefined,
  ): Promise<Versioned<RunRecord>> {
    const runId = claim.record.runId!;
    const existing = await this.runs.get(source.sourceId, runId);
    if (existing) return existing;
    const plan = await this.planner.plan(source, claim.record.request, {
      pointer,
      provenance: provenance(claim.record.request?.backfillDates),
    });
    const active = await this.versions.getActive(source.sourceId);
    const batches = batchesOf(plan.files, this.config.batch.maxFiles, this.config.batch.maxBytes);
    const record: RunRecord = {
      sourceId: source.sourceId,
      runId,
      executionId: newEventId(),
      status: 'RUNNING',
      writeMode: plan.writeMode,
      backfill: plan.backfillDates !== null,
      backfillDates: plan.backfillDates,
      schemaVersion: active?.record.version ?? null,
      fileIds: plan.files.map((f) => f.fileId),
      pendingFileIds: plan.pendingFileIds,
      partitions: [],
      rowsIn: 0,
      rowsOut: 0,
      rowsQuarantined: 0,
      batchesDone: 0,
      batches: batches.map((b) => b.map((f) => f.fileId)),
      staged: [],
      inputs: [],
      quarantineKeys: [],
      failedChecks: [],
      error: null,
      startedAt: this.clock.now().toISOString(),
      finishedAt: null,
      traceparent: plan.files[0]?.traceparent ?? '',
    };
    try {
      await this.runs.create(record);
      await this.lineage.started(
        record,
        plan.files.map((f) => f.key),
      );
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
    for (const file of plan.files) {
      const current = await this.files.get(source.sourceId, file.fileId);
      if (current && !plan.backfillDates) {
        await this.files
          .update(
            { ...current.record, runId, updatedAt: this.clock.now().toISOString() },
            current.revision,
          )
          .catch(() => undefined);
      }
    }
    return (await this.runs.get(source.sourceId, runId))!;
  }

  private async versionOf(
    run: RunRecord,
    sourceId: string,
  ): Promise<SchemaVersionRecord | undefined> {
    if (run.schemaVersion !== null)
      return (await this.versions.getByNumber(sourceId, run.schemaVersion))?.record;
    return (await this.versions.getActive(sourceId))?.record;
  }

  /** Between batches: honour a pause request, stop when the claim was lost, else heartbeat. */
  private async checkBoundary(
    state: Versioned<PipelineStateRecord>,
  ): Promise<Versioned<PipelineStateRecord> | 'paused' | 'claim-lost' | 'handed-back'> {
    const current = await this.pipeline.current(state.record.sourceId);
    const mine =
      current.record.owner === this.config.ownerId && current.record.runId === state.record.runId;
    if (!mine) return 'claim-lost';
    if (this.stopSignal.stopped) {
      // Shutting down: release the claim so another promoter resumes from this checkpoint at once.
      await this.pipeline.release(current);
      return 'handed-back';
    }
    if (current.record.state === 'PAUSE_REQUESTED') {
      return (await this.pipeline.apply(current, 'pause_at_batch_boundary'))
        ? 'paused'
        : 'claim-lost';
    }
    if (current.record.state !== 'RUNNING') return 'claim-lost';
    return (await this.pipeline.heartbeat(current)) ?? 'claim-lost';
  }

  private async checkpoint(
    run: Versioned<RunRecord>,
    next: RunRecord,
  ): Promise<Versioned<RunRecord>> {
    await this.runs.update(next, run.revision);
    return { record: next, revision: run.revision + 1 };
  }

  private async finish(state: Versioned<PipelineStateRecord>): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.pipeline.current(state.record.sourceId);
      if (
        current.record.runId !== state.record.runId ||
        current.record.owner !== this.config.ownerId
      )
        return;
      if (current.record.state !== 'RUNNING' && current.record.state !== 'PAUSE_REQUESTED') return;
      if (
        await this.pipeline.apply(current, 'finish', {
          owner: null,
          heartbeatAt: null,
          request: null,
        })
      )
        return;
    }
  }

  private async fail(
    state: Versioned<PipelineStateRecord>,
    run: Versioned<RunRecord>,
    log: Logger,
    error: string,
  ): Promise<RunOutcome> {
    log.error({ error }, 'run failed');
    const eventId = run.record.eventIds?.runFailed ?? newEventId();
    await this.runs
      .update(
        {
          ...run.record,
          status: 'FAILED',
          error,
          finishedAt: this.clock.now().toISOString(),
          eventIds: { ...run.record.eventIds, runFailed: eventId },
        },
        run.revision,
      )
      .catch(() => undefined);
    await this.events.publish(
      TOPIC.runFailed,
      buildEvent(
        TOPIC.runFailed,
        {
          sourceId: run.record.sourceId,
          runId: run.record.runId,
          traceparent: run.record.traceparent || undefined,
          eventId,
        },
        {
          stage: 'promotion',
          error,
        },
      ),
    );
    const current = await this.pipeline.current(state.record.sourceId);
    if (
      current.record.runId === state.record.runId &&
      (current.record.state === 'RUNNING' || current.record.state === 'PAUSE_REQUESTED')
    ) {
      await this.pipeline.apply(current, 'fail', {
        owner: null,
        heartbeatAt: null,
        lastError: error,
      });
    }
    await this.lineage.failed(
      run.record,
      run.record.inputs.map((i) => i.key),
      error,
    );
    this.metrics.run(run.record.sourceId, 'failed', 0);
    return 'failed';
  }
}
