import { Inject, Injectable } from '@nestjs/common';
import {
  isValidDate,
  newRunId,
  type PipelineStateRecord,
  type RunRecord,
} from '@tributary/contracts';
import { resolveCommandHint } from '@tributary/domain';
import {
  PipelineTransitions,
  RunRepository,
  SchemaVersionRepository,
  SourceRepository,
  type Versioned,
} from '@tributary/metadata';
import { problem } from '@tributary/platform';
import { CLOCK, type Clock } from '@tributary/ports';

const MAX_BACKFILL_DAYS = 366;

/**
 * The control plane's side of promotion: it only moves the pipeline state (request a run or a
 * backfill, pause, resume, reset); the promoters do the work.
 */
@Injectable()
export class ManageRunsUseCase {
  constructor(
    @Inject(PipelineTransitions) private readonly pipeline: PipelineTransitions,
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(SchemaVersionRepository) private readonly versions: SchemaVersionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Requests a run; answers the run id (the pending one if a run is already requested). */
  async trigger(
    sourceId: string,
    backfillDates: readonly string[] | null = null,
  ): Promise<{ runId: string; state: string }> {
    await this.requireSource(sourceId);
    await this.refuseIfBlocked(sourceId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.pipeline.current(sourceId);
      const state = current.record.state;
      if (state === 'RUN_REQUESTED' && current.record.request && !backfillDates) {
        return { runId: current.record.request.runId, state };
      }
      if (state !== 'IDLE' && state !== 'FAILED') {
        throw problem.conflict(
          'pipeline-busy',
          `source ${sourceId} is ${state}${current.record.runId ? ` (run ${current.record.runId})` : ''}`,
          {
            state,
            runId: current.record.runId,
          },
        );
      }
      const runId = newRunId({ now: this.clock.now(), backfill: backfillDates !== null });
      const requested = await this.pipeline.request(current, {
        runId,
        requestedAt: this.clock.now().toISOString(),
        requestedBy: 'admin',
        backfillDates,
      });
      if (requested) return { runId, state: requested.record.state };
    }
    throw problem.conflict('concurrent-change', 'the pipeline changed concurrently; retry');
  }

  async backfill(
    sourceId: string,
    from: string,
    to: string,
  ): Promise<{ runId: string; state: string; dates: string[] }> {
    const dates = datesBetween(from, to);
    const result = await this.trigger(sourceId, dates);
    return { ...result, dates };
  }

  async pause(sourceId: string): Promise<PipelineStateRecord> {
    return this.move(
      sourceId,
      'request_pause',
      ['RUNNING'],
      'only a RUNNING pipeline can be paused',
    );
  }

  async resume(sourceId: string): Promise<PipelineStateRecord> {
    return this.move(sourceId, 'resume', ['PAUSED'], 'only a PAUSED pipeline can be resumed');
  }

  async reset(sourceId: string): Promise<PipelineStateRecord> {
    return this.move(sourceId, 'reset', ['FAILED'], 'only a FAILED pipeline can be reset');
  }

  async state(sourceId: string): Promise<PipelineStateRecord> {
    await this.requireSource(sourceId);
    return (await this.pipeline.current(sourceId)).record;
  }

  async list(sourceId: string, limit: number): Promise<RunRecord[]> {
    await this.requireSource(sourceId);
    return (await this.runs.list(sourceId, limit)).map((r) => r.record);
  }

  async get(sourceId: string, runId: string): Promise<RunRecord> {
    const run = await this.runs.get(sourceId, runId);
    if (run) return run.record;
    const declined = (await this.pipeline.current(sourceId)).record.declined;
    if (declined?.runId === runId)
      throw problem.notFound(
        'run-not-started',
        `run ${runId} was requested but not started: ${declined.reason}`,
      );
    throw problem.notFound('run-not-found', `no run ${runId} for source ${sourceId}`);
  }

  /** A source a BREAKING version blocks runs nothing until a person resolves it: say so now. */
  private async refuseIfBlocked(sourceId: string): Promise<void> {
    const head = await this.versions.getHead(sourceId);
    const pending = head?.record.pendingBreaking[0];
    if (!pending) return;
    const version = (await this.versions.get(sourceId, pending))?.record.version ?? '?';
    throw problem.conflict(
      'source-blocked',
      `source ${sourceId} is blocked: schema version ${version} is BREAKING and awaits a person's decision; ${resolveCommandHint(sourceId, version)}`,
      { blockedBy: version },
    );
  }

  private async move(
    sourceId: string,
    event: 'request_pause' | 'resume' | 'reset',
    from: readonly string[],
    message: string,
  ): Promise<PipelineStateRecord> {
    await this.requireSource(sourceId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current: Versioned<PipelineStateRecord> = await this.pipeline.current(sourceId);
      if (!from.includes(current.record.state)) {
        throw problem.conflict(
          'illegal-transition',
          `${message}; source ${sourceId} is ${current.record.state}`,
          { state: current.record.state },
        );
      }
      const moved = await this.pipeline.apply(
        current,
        event,
        event === 'reset' ? { lastError: null, owner: null } : {},
      );
      if (moved) return moved.record;
    }
    throw problem.conflict('concurrent-change', 'the pipeline changed concurrently; retry');
  }

  private async requireSource(sourceId: string): Promise<void> {
    if (!(await this.sources.get(sourceId)))
      throw problem.notFound('source-not-found', `no source ${sourceId}`);
  }
}

export function datesBetween(from: string, to: string): string[] {
  if (!isValidDate(from) || !isValidDate(to))
    throw problem.badRequest('invalid-date', 'from and to must be dates (YYYY-MM-DD)');
  if (from > to) throw problem.badRequest('invalid-range', 'from must not be after to');
  const out: string[] = [];
  for (
    let day = new Date(`${from}T00:00:00Z`);
    day.toISOString().slice(0, 10) <= to;
    day = new Date(day.getTime() + 86_400_000)
  ) {
    out.push(day.toISOString().slice(0, 10));
    if (out.length > MAX_BACKFILL_DAYS)
      throw problem.badRequest(
        'invalid-range',
        `a backfill covers at most ${MAX_BACKFILL_DAYS} days`,
      );
  }
  return out;
}
