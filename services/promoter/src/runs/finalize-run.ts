import { Inject, Injectable } from '@nestjs/common';
import {
  curatedPartKey,
  type RunPartition,
  type RunRecord,
  type RunSummary,
  runSuccessKey,
  type StagedPart,
} from '@tributary/contracts';
import {
  CLOCK,
  type Clock,
  NotFoundError,
  OBJECT_STORE,
  type ObjectStore,
  PreconditionFailedError,
} from '@tributary/ports';
import type { PublishedColumn } from './published-columns';

export interface FinalizeInput {
  readonly run: RunRecord;
  readonly schemaVersion: number;
  readonly columns: readonly PublishedColumn[];
  /** Parts to publish (after a merge, the merged partitions). */
  readonly parts: readonly StagedPart[];
  readonly baseRevision: number;
  readonly engine: string;
}

/**
 * Moves a run from `staging/` to its own `run_id=` path under `curated/`, then writes `_SUCCESS`
 * last. Safe to repeat after a crash: copies already made are skipped, `_SUCCESS` is created
 * only once (If-None-Match), and staging is removed only after.
 */
@Injectable()
export class FinalizeRun {
  constructor(
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async finalize(input: FinalizeInput, timings: Record<string, number>): Promise<RunSummary> {
    const { run } = input;
    const successKey = runSuccessKey(run.sourceId, run.runId);
    const existing = await this.readSummary(successKey);
    if (existing) return existing;
    const byDate = new Map<string, StagedPart[]>();
    for (const part of [...input.parts].sort(
      (a, b) => a.batch - b.batch || a.date.localeCompare(b.date),
    )) {
      byDate.set(part.date, [...(byDate.get(part.date) ?? []), part]);
    }
    // A backfill replaces each of its dates, also one left with no rows, and appends the rows of
    // pending files beyond them; a merge replaces what it rewrote.
    const rebuilt =
      run.backfillDates && run.writeMode !== 'merge' ? new Set(run.backfillDates) : null;
    for (const date of rebuilt ?? []) if (!byDate.has(date)) byDate.set(date, []);
    const partitions: RunPartition[] = [];
    for (const [date, parts] of [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const files: { key: string; rows: number }[] = [];
      let k = 0;
      for (const part of parts) {
        if (part.rows === 0 || part.stagingKey === '') continue;
        const target = curatedPartKey(run.sourceId, input.schemaVersion, run.runId, date, k++);
        if (!(await this.objects.head(target))) await this.objects.copy(part.stagingKey, target);
        files.push({ key: target, rows: part.rows });
      }
      partitions.push({
        date,
        files,
        rows: files.reduce((s, f) => s + f.rows, 0),
        ...(rebuilt
          ? { mode: rebuilt.has(date) ? ('replace' as const) : ('append' as const) }
          : {}),
      });
    }
    const now = this.clock.now().toISOString();
    const summary: RunSummary = {
      sourceId: run.sourceId,
      runId: run.runId,
      executionId: run.executionId,
      engine: input.engine,
      writeMode: run.writeMode,
      backfill: run.backfill,
      schemaVersion: input.schemaVersion,
      baseRevision: input.baseRevision,
      inputs: run.inputs,
      rowsIn: run.rowsIn,
      rowsOut: run.rowsOut,
      rowsQuarantined: run.rowsQuarantined,
      partitions,
      columns: input.columns.map((c) => ({ name: c.name, type: c.type, field: c.field })),
      quarantineKeys: run.quarantineKeys,
      timings,
      startedAt: run.startedAt,
      finishedAt: now,
    };
    try {
      await this.objects.put(successKey, JSON.stringify(summary, null, 2), {
        contentType: 'application/json',
        ifNoneMatch: '*',
      });
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      return (await this.readSummary(successKey))!;
    }
    for (const part of input.parts) {
      if (part.stagingKey) await this.objects.delete(part.stagingKey).catch(() => undefined);
    }
    for (const part of run.staged)
      await this.objects.delete(part.stagingKey).catch(() => undefined);
    return summary;
  }

  private async readSummary(key: string): Promise<RunSummary | undefined> {
    try {
      return JSON.parse((await this.objects.getBytes(key)).bytes.toString('utf8')) as RunSummary;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }
}
