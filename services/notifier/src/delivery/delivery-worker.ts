import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type DeliveryRef, DeliveryLogRepository } from '@tributary/metadata';
import { LOGGER, type Logger } from '@tributary/platform';
import { CLOCK, type Clock } from '@tributary/ports';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../notifier.config';
import { AttemptDeliveryUseCase } from './attempt-delivery.usecase';
import { NotifierMetrics } from './notifier.metrics';

/** After an unexpected error (metadata unavailable) a delivery is looked at again this much later. */
const ERROR_RECHECK_MS = 5_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Tracked {
  readonly ref: DeliveryRef;
  timer: NodeJS.Timeout | undefined;
}

interface Lane {
  running: number;
  readonly waiting: Tracked[];
}

/**
 * Delivers recorded alerts off the Kafka path. Each channel has its own lane with a concurrency
 * limit, so a hanging or failing endpoint only ever occupies its own channel's slots. Retries wait
 * on timers; a periodic sweep of the outstanding index (and one at boot) resumes deliveries left
 * by a restart or by another replica whose lease expired.
 */
@Injectable()
export class DeliveryWorker
  implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown
{
  /** This replica's identity in delivery leases. */
  readonly owner = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly tracked = new Map<string, Tracked>();
  private readonly lanes = new Map<string, Lane>();
  private readonly inFlight = new Set<Promise<void>>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private closing = false;

  constructor(
    @Inject(AttemptDeliveryUseCase) private readonly attempts: AttemptDeliveryUseCase,
    @Inject(DeliveryLogRepository) private readonly log: DeliveryLogRepository,
    @Inject(NotifierMetrics) private readonly metrics: NotifierMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.sweepIntervalMs);
    this.sweepTimer.unref();
    void this.sweep();
  }

  /**
   * Runs first on shutdown (before the consumer and HTTP server close): no new attempt starts from
   * here on; what is not in flight stays in the log and is resumed by the next replica to sweep.
   */
  onModuleDestroy(): void {
    this.closing = true;
    clearInterval(this.sweepTimer);
    for (const entry of this.tracked.values()) clearTimeout(entry.timer);
  }

  /** Attempts in flight finish (each is bounded by its timeout) and are recorded. */
  async onApplicationShutdown(): Promise<void> {
    this.onModuleDestroy();
    await this.sweeping;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Delivers at `due` unless this replica already holds the delivery. */
  enqueue(ref: DeliveryRef, due: Date): void {
    if (this.closing) return;
    const key = keyOf(ref);
    if (this.tracked.has(key)) return;
    const entry: Tracked = { ref, timer: undefined };
    this.tracked.set(key, entry);
    this.metrics.setPending(this.tracked.size);
    this.schedule(entry, due);
  }

  /** Looks up every outstanding delivery and takes on those this replica does not hold yet. */
  async sweep(): Promise<void> {
    if (this.sweeping || this.closing) return this.sweeping;
    this.sweeping = (async () => {
      const outstanding = await this.log.listOutstanding();
      const now = this.clock.now();
      for (const entry of outstanding) {
        this.enqueue(entry, entry.nextAttemptAt ? new Date(entry.nextAttemptAt) : now);
      }
    })()
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'delivery sweep failed; will retry'),
      )
      .finally(() => {
        this.sweeping = undefined;
      });
    return this.sweeping;
  }

  private schedule(entry: Tracked, due: Date): void {
    if (this.closing) return;
    const wait = due.getTime() - this.clock.now().getTime();
    if (wait <= 0) {
      this.queue(entry);
      return;
    }
    entry.timer = setTimeout(() => this.queue(entry), Math.min(wait, MAX_TIMER_MS));
    entry.timer.unref();
  }

  private queue(entry: Tracked): void {
    entry.timer = undefined;
    const lane = this.lane(entry.ref.channel);
    lane.waiting.push(entry);
    this.pump(entry.ref.channel, lane);
  }

  private pump(channel: string, lane: Lane): void {
    while (!this.closing && lane.running < this.config.channelConcurrency) {
      const entry = lane.waiting.shift();
      if (!entry) break;
      lane.running++;
      const run = this.attempts
        .run(entry.ref, this.owner)
        .then(
          (next) => (next ? this.schedule(entry, next) : this.forget(entry)),
          (error: unknown) => {
            this.logger.warn(
              { err: error, channel, deliveryKey: entry.ref.deliveryKey },
              'delivery attempt could not run; will look again',
            );
            this.schedule(entry, new Date(this.clock.now().getTime() + ERROR_RECHECK_MS));
          },
        )
        .finally(() => {
          lane.running--;
          this.inFlight.delete(run);
          if (lane.running === 0 && lane.waiting.length === 0) this.lanes.delete(channel);
          else this.pump(channel, lane);
        });
      this.inFlight.add(run);
    }
  }

  private forget(entry: Tracked): void {
    this.tracked.delete(keyOf(entry.ref));
    this.metrics.setPending(this.tracked.size);
  }

  private lane(channel: string): Lane {
    let lane = this.lanes.get(channel);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(channel, lane);
    }
    return lane;
  }
}

function keyOf(ref: DeliveryRef): string {
  return `${ref.channel}\u0000${ref.deliveryKey}`;
}
