import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  buildEvent,
  newRunId,
  type PipelineStateRecord,
  type SourceRecord,
  TOPIC,
} from '@tributary/contracts';
import {
  PipelineTransitions,
  RunRepository,
  SchemaVersionRepository,
  SourceRepository,
  type Versioned,
} from '@tributary/metadata';
import { resolveCommandHint } from '@tributary/domain';
import { EventBus, LOGGER, type Logger } from '@tributary/platform';
import { CLOCK, type Clock } from '@tributary/ports';
import { PROMOTER_CONFIG, type PromoterConfig } from '../promoter.config';
import { ExecuteRunUseCase } from '../runs/execute-run.usecase';
import { PlanRun } from '../runs/plan-run';
import { PromoterMetrics } from '../runs/promoter.metrics';
import { RunStopSignal } from '../runs/run-stop.signal';

/**
 * Looks at every source's pipeline state on a timer: requests scheduled runs, claims requested
 * ones (one conditional write, so two promoters never run one source), takes over runs whose
 * owner stopped heart-beating, and skips sources blocked by a BREAKING schema version.
 */
@Injectable()
export class PromotionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private readonly active = new Map<string, Promise<void>>();

  constructor(
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(SchemaVersionRepository) private readonly versions: SchemaVersionRepository,
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(PipelineTransitions) private readonly pipeline: PipelineTransitions,
    @Inject(PlanRun) private readonly planner: PlanRun,
    @Inject(ExecuteRunUseCase) private readonly executeRun: ExecuteRunUseCase,
    @Inject(RunStopSignal) private readonly stopSignal: RunStopSignal,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PROMOTER_CONFIG) private readonly config: PromoterConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PromoterMetrics) private readonly metrics: PromoterMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.tickMs);
  }

  /** Stops claiming; running runs stop at their next batch boundary and hand their claim back. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.stopSignal.stop();
    await Promise.allSettled(this.active.values());
  }

  async tick(): Promise<void> {
    if (this.ticking || this.stopSignal.stopped) return;
    this.ticking = true;
    try {
      for (const { record: source } of await this.sources.list()) {
        if (this.stopSignal.stopped) break;
        try {
          await this.visit(source);
        } catch (error) {
          this.logger.warn(
            { err: error, sourceId: source.sourceId },
            'scheduler: source visit failed; will retry',
          );
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'scheduler tick failed; will retry');
    } finally {
      this.ticking = false;
    }
  }

  private async visit(source: SourceRecord): Promise<void> {
    if (this.active.has(source.sourceId)) return;
    const state = await this.pipeline.current(source.sourceId);
    switch (state.record.state) {
      case 'IDLE':
        await this.maybeSchedule(source, state);
        return;
      case 'RUN_REQUESTED':
        await this.claimRequested(source, state);
        return;
      case 'RUNNING':
      case 'PAUSE_REQUESTED':
        if (this.isAbandoned(state.record)) await this.takeOver(state);
        return;
      case 'PAUSED':
      case 'FAILED':
        return;
    }
  }

  private async maybeSchedule(
    source: SourceRecord,
    state: Versioned<PipelineStateRecord>,
  ): Promise<void> {
    const every = source.scheduleSeconds ?? this.config.defaultScheduleSeconds;
    if (every === null) return;
    const last = (await this.runs.list(source.sourceId, 1))[0]?.record.startedAt;
    if (last && this.clock.now().getTime() - Date.parse(last) < every * 1000) return;
    if (!(await this.planner.hasPending(source.sourceId))) return;
    // Declined once for a BREAKING version: ask again only after a person resolved it.
    const blocked = (await this.versions.getHead(source.sourceId))?.record.pendingBreaking.length;
    if (blocked && state.record.lastError?.startsWith('blocked:')) return;
    await this.pipeline.request(state, {
      runId: newRunId({ now: this.clock.now() }),
      requestedAt: this.clock.now().toISOString(),
      requestedBy: 'schedule',
      backfillDates: null,
    });
  }

  private async claimRequested(
    source: SourceRecord,
    state: Versioned<PipelineStateRecord>,
  ): Promise<void> {
    const head = await this.versions.getHead(source.sourceId);
    if (head && head.record.pendingBreaking.length > 0) {
      await this.skipBlocked(source, state, head.record.pendingBreaking[0]!);
      return;
    }
    const awaitingGate = (await this.runs.list(source.sourceId, 5)).some(
      (r) => r.record.status === 'COMPLETED',
    );
    if (awaitingGate) return;
    const runId = state.record.request?.runId ?? newRunId({ now: this.clock.now() });
    const claimed = await this.pipeline.apply(state, 'claim', {
      runId,
      owner: this.config.ownerId,
      heartbeatAt: this.clock.now().toISOString(),
    });
    if (claimed) this.launch(claimed);
  }

  private async skipBlocked(
    source: SourceRecord,
    state: Versioned<PipelineStateRecord>,
    versionKey: string,
  ): Promise<void> {
    const version = await this.versions.get(source.sourceId, versionKey);
    const number = version?.record.version ?? '?';
    const reason = `blocked: schema version ${number} is BREAKING and awaits a person's decision; ${resolveCommandHint(source.sourceId, number)}`;
    const repeated = state.record.lastError === reason;
    const declined = state.record.request ? { runId: state.record.request.runId, reason } : null;
    const skipped = await this.pipeline.apply(state, 'skip', {
      request: null,
      lastError: reason,
      declined,
    });
    if (!skipped) return;
    this.metrics.blockedByBreaking(source.sourceId);
    this.logger.warn(
      { sourceId: source.sourceId, versionKey },
      'promotion skipped: BREAKING schema version',
    );
    if (repeated) return;
    const pendingFiles = (await this.planner.plan(source, null)).files.length;
    await this.events.publish(
      TOPIC.promotionBlocked,
      buildEvent(
        TOPIC.promotionBlocked,
        { sourceId: source.sourceId },
        {
          breakingVersion: version?.record.version ?? 0,
          versionKey,
          pendingFiles,
          reason,
        },
      ),
    );
  }

  private isAbandoned(state: PipelineStateRecord): boolean {
    if (state.owner === this.config.ownerId) return true;
    if (!state.owner || !state.heartbeatAt) return true;
    return this.clock.now().getTime() - Date.parse(state.heartbeatAt) > this.config.staleClaimMs;
  }

  private async takeOver(state: Versioned<PipelineStateRecord>): Promise<void> {
    const claimed = await this.pipeline.apply(state, 'claim', {
      owner: this.config.ownerId,
      heartbeatAt: this.clock.now().toISOString(),
    });
    if (!claimed) return;
    this.logger.info(
      {
        sourceId: state.record.sourceId,
        runId: state.record.runId,
        previousOwner: state.record.owner,
      },
      'resuming a run',
    );
    this.launch(claimed);
  }

  private launch(claim: Versioned<PipelineStateRecord>): void {
    if (this.active.size >= this.config.concurrency) return;
    const sourceId = claim.record.sourceId;
    const running = this.executeRun
      .execute(claim)
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn({ err: error, sourceId }, 'run interrupted; it will be resumed'),
      )
      .finally(() => this.active.delete(sourceId));
    this.active.set(sourceId, running);
  }
}
