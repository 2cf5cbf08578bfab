import { Inject, Injectable } from '@nestjs/common';
import { parseObjectKey, sourcePrefix, ZONE } from '@tributary/contracts';
import {
  type CuratedObject,
  planRetention,
  referencedKeys,
  type RunObjects,
} from '@tributary/domain';
import { RunRepository, SourceRepository } from '@tributary/metadata';
import { LOGGER, type Logger, problem, withContext } from '@tributary/platform';
import { OBJECT_STORE, type ObjectStore } from '@tributary/ports';
import { PointerStore } from '../pointer/pointer.store';

export interface RetentionRunView {
  readonly runId: string;
  readonly status: string | null;
  readonly bytes: number;
  readonly objects: readonly {
    readonly key: string;
    readonly size: number;
    readonly etag: string;
  }[];
}

export interface RetentionResult {
  readonly sourceId: string;
  readonly dryRun: boolean;
  /** Runs no pointer state references: deleted, or (dry run) what would be. */
  readonly runs: readonly RetentionRunView[];
  readonly deletedObjects: number;
  readonly bytes: number;
  readonly kept: readonly { readonly runId: string; readonly reason: string }[];
}

/**
 * Retention of published data: the runs under `curated/` (data files and `_SUCCESS`) that no
 * pointer state, current or kept for rollback, references. Referenced files are never touched;
 * runs the gate has not decided yet (RUNNING, COMPLETED) are kept, since a publication may be
 * about to reference them. The pointer is read after the run statuses, so a run published
 * meanwhile was still in flight when its status was read, and is kept. Quarantine and condemned rows stay (they are the retry workflow's).
 */
@Injectable()
export class RetentionUseCase {
  constructor(
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(PointerStore) private readonly pointers: PointerStore,
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(sourceId: string, dryRun: boolean): Promise<RetentionResult> {
    if (!(await this.sources.get(sourceId)))
      throw problem.notFound('source-not-found', `no source ${sourceId}`);
    const objects = await this.curatedObjects(sourceId);
    const statuses = new Map(
      (await this.runs.list(sourceId)).map((r) => [r.record.runId, r.record.status]),
    );
    const inFlight = new Set(
      [...statuses.entries()]
        .filter(([, s]) => s === 'RUNNING' || s === 'COMPLETED')
        .map(([id]) => id),
    );
    // The pointer is read after the run statuses: a run published since was COMPLETED (kept) then.
    const plan = planRetention(
      objects,
      referencedKeys((await this.pointers.read(sourceId))?.pointer),
      inFlight,
    );
    if (!dryRun) {
      for (const run of plan.deletable) await this.deleteRun(run);
      withContext(this.logger, { sourceId }).info(
        { runs: plan.deletable.map((r) => r.runId) },
        'retention deleted unreferenced runs',
      );
    }
    const runs = plan.deletable.map((r) => ({
      runId: r.runId,
      status: statuses.get(r.runId) ?? null,
      bytes: r.bytes,
      objects: r.objects.map((o) => ({ key: o.key, size: o.size, etag: o.etag })),
    }));
    return {
      sourceId,
      dryRun,
      runs,
      deletedObjects: dryRun ? 0 : runs.reduce((s, r) => s + r.objects.length, 0),
      bytes: runs.reduce((s, r) => s + r.bytes, 0),
      kept: plan.kept,
    };
  }

  /** Data files first, `_SUCCESS` last: a half-deleted run still never looks complete and whole. */
  private async deleteRun(run: RunObjects): Promise<void> {
    const ordered = [...run.objects].sort((a, b) =>
      a.kind === b.kind ? 0 : a.kind === 'success' ? 1 : -1,
    );
    for (const object of ordered) await this.objects.delete(object.key);
  }

  private async curatedObjects(sourceId: string): Promise<CuratedObject[]> {
    const out: CuratedObject[] = [];
    for await (const info of this.objects.list(sourcePrefix(ZONE.curated, sourceId))) {
      const parsed = parseObjectKey(info.key);
      if (parsed?.zone === 'curated-part' || parsed?.zone === 'curated-success') {
        out.push({
          key: info.key,
          runId: parsed.runId,
          kind: parsed.zone === 'curated-part' ? 'data' : 'success',
          size: info.size,
          etag: info.etag,
        });
      }
    }
    return out;
  }
}
