import { Inject, Injectable } from '@nestjs/common';
import { newEventId, type TableState } from '@tributary/contracts';
import {
  RollbackError,
  rollbackPointer,
  type RollbackTarget,
  rollbackTarget,
} from '@tributary/domain';
import { SourceRepository } from '@tributary/metadata';
import { LOGGER, type Logger, problem, withContext } from '@tributary/platform';
import { CLOCK, type Clock } from '@tributary/ports';
import { QUALITY_CONFIG, type QualityConfig } from '../quality.config';
import { FreshnessTracker } from './freshness.tracker';
import { PointerStore, type PointerVersion } from './pointer.store';

export interface RollbackResult {
  readonly sourceId: string;
  /** The revision the pointer went back to. */
  readonly rolledBackTo: number;
  readonly revision: number;
  readonly current: TableState;
}

/**
 * Rollback moves `_LATEST.json` back to an earlier state in one compare-and-swap write: a new
 * revision whose partitions equal the earlier state's exactly (cause `rollback:<revision>`),
 * with history kept. `steps` counts back from the current state at the moment of the write.
 */
@Injectable()
export class RollbackUseCase {
  constructor(
    @Inject(PointerStore) private readonly pointers: PointerStore,
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(FreshnessTracker) private readonly freshness: FreshnessTracker,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUALITY_CONFIG) private readonly config: QualityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async current(sourceId: string): Promise<PointerVersion> {
    await this.requireSource(sourceId);
    const pointer = await this.pointers.read(sourceId);
    if (!pointer)
      throw problem.notFound(
        'pointer-not-found',
        `source ${sourceId} has no published table state yet`,
      );
    return pointer;
  }

  async rollback(sourceId: string, target: RollbackTarget): Promise<RollbackResult> {
    await this.requireSource(sourceId);
    const executionId = newEventId();
    const log = withContext(this.logger, { sourceId });
    const { written } = await this.pointers.update(
      sourceId,
      async (current) => {
        if (!current)
          throw problem.notFound(
            'pointer-not-found',
            `source ${sourceId} has no published table state yet`,
          );
        try {
          return {
            kind: 'write',
            pointer: rollbackPointer(current.pointer, target, {
              executionId,
              publishedAt: this.clock.now().toISOString(),
              historyLimit: this.config.pointerHistory,
            }),
            result: rollbackTarget(current.pointer, target).revision,
          };
        } catch (error) {
          if (error instanceof RollbackError)
            throw problem.unprocessable(`rollback-${error.code}`, error.message);
          throw error;
        }
      },
      (attempt) => log.warn({ attempt }, '_LATEST.json changed during rollback; re-reading'),
    );
    const pointer = written!.pointer;
    const rolledBackTo = Number(pointer.current.cause.slice('rollback:'.length));
    log.info({ revision: pointer.current.revision, rolledBackTo }, 'pointer rolled back');
    await this.freshness.refresh(sourceId, pointer).catch(() => undefined);
    return { sourceId, rolledBackTo, revision: pointer.current.revision, current: pointer.current };
  }

  private async requireSource(sourceId: string): Promise<void> {
    if (!(await this.sources.get(sourceId)))
      throw problem.notFound('source-not-found', `no source ${sourceId}`);
  }
}
