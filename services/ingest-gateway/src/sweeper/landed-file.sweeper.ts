import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ulidLowerBound } from '@tributary/contracts';
import { FileLedgerRepository, SourceRepository } from '@tributary/metadata';
import { EventBus, LOGGER, type Logger } from '@tributary/platform';
import { CLOCK, type Clock } from '@tributary/ports';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { publishFileLanded } from '../uploads/publish-file-landed';

const RECENT_WINDOW_MS = 24 * 3_600_000;

/**
 * Re-publishes `file-landed` for files still LANDED well after landing: the gateway may have
 * crashed between recording a file and publishing its event. The profiler is idempotent.
 * The first sweep after boot looks at every file; later sweeps at the last day's.
 */
@Injectable()
export class LandedFileSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private fullSweepDone = false;

  constructor(
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepOnce(), this.config.sweeper.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One sweep; returns how many events were re-published. */
  async sweepOnce(): Promise<number> {
    if (this.sweeping) return 0;
    let republished = 0;
    this.sweeping = (async () => {
      const now = this.clock.now().getTime();
      const after = this.fullSweepDone ? ulidLowerBound(now - RECENT_WINDOW_MS) : undefined;
      for (const { record: source } of await this.sources.list()) {
        for (const { record: file } of await this.files.list(source.sourceId, {
          afterFileId: after,
        })) {
          if (file.status !== 'LANDED') continue;
          if (now - Date.parse(file.landedAt) < this.config.sweeper.minAgeMs) continue;
          await publishFileLanded(this.events, file, { redelivery: true });
          republished++;
        }
      }
      this.fullSweepDone = true;
    })()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'sweep failed; will retry'))
      .finally(() => {
        this.sweeping = undefined;
      });
    await this.sweeping;
    if (republished > 0) this.logger.info({ republished }, 'sweeper re-published file-landed');
    return republished;
  }
}
