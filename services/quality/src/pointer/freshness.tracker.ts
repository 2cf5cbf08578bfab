import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { LatestPointer } from '@tributary/contracts';
import { FileLedgerRepository, RunRepository, SourceRepository } from '@tributary/metadata';
import { LOGGER, type Logger } from '@tributary/platform';
import { QualityMetrics } from '../gate/quality.metrics';
import { QUALITY_CONFIG, type QualityConfig } from '../quality.config';
import { PointerStore } from './pointer.store';

/**
 * Keeps `data_freshness_lag_seconds` true: the newest landing time among the input files of the
 * runs in each source's current table state. Updated on every publication and rollback, and
 * re-read periodically from every source's pointer (a rollback by another replica, a restart).
 * Runs never change once written, so each run's newest landing time is looked up once.
 */
@Injectable()
export class FreshnessTracker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runLanded = new Map<string, number | null>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
    @Inject(PointerStore) private readonly pointers: PointerStore,
    @Inject(QualityMetrics) private readonly metrics: QualityMetrics,
    @Inject(QUALITY_CONFIG) private readonly config: QualityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refreshAll(), this.config.freshnessRefreshMs);
    this.timer.unref();
    void this.refreshAll();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** A run was published: remember its newest input, then re-read the source's state. */
  async published(
    sourceId: string,
    runId: string,
    newestLandedMs: number | undefined,
  ): Promise<void> {
    if (newestLandedMs !== undefined) this.runLanded.set(`${sourceId}/${runId}`, newestLandedMs);
    await this.refresh(sourceId).catch((error: unknown) =>
      this.logger.warn({ err: error, sourceId }, 'freshness refresh failed; will retry'),
    );
  }

  async refresh(sourceId: string, pointer?: LatestPointer): Promise<void> {
    const current = pointer ?? (await this.pointers.read(sourceId))?.pointer;
    if (!current) {
      this.metrics.freshness(sourceId, undefined);
      return;
    }
    const runIds = new Set(current.current.partitions.flatMap((p) => p.files.map((f) => f.runId)));
    let newest: number | undefined;
    for (const runId of runIds) {
      const landed = await this.newestLandedOf(sourceId, runId);
      if (landed !== null) newest = Math.max(newest ?? landed, landed);
    }
    this.metrics.freshness(sourceId, newest);
  }

  private refreshAll(): Promise<void> {
    this.refreshing ??= (async () => {
      for (const source of await this.sources.list()) await this.refresh(source.record.sourceId);
    })()
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'freshness refresh failed; will retry'),
      )
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  private async newestLandedOf(sourceId: string, runId: string): Promise<number | null> {
    const key = `${sourceId}/${runId}`;
    const cached = this.runLanded.get(key);
    if (cached !== undefined) return cached;
    const run = await this.runs.get(sourceId, runId);
    let newest: number | null = null;
    for (const input of run?.record.inputs ?? []) {
      const file = await this.files.get(sourceId, input.fileId);
      const landed = file ? Date.parse(file.record.landedAt) : Number.NaN;
      if (Number.isFinite(landed)) newest = Math.max(newest ?? landed, landed);
    }
    this.runLanded.set(key, newest);
    return newest;
  }
}
