import { Inject, Injectable } from '@nestjs/common';
import { DeliveryLogRepository } from '@tributary/metadata';
import type { Logger } from '@tributary/platform';
import { CLOCK, type Clock } from '@tributary/ports';
import { ChannelDirectory } from '../delivery/channel-directory';
import { DeliveryWorker } from '../delivery/delivery-worker';
import { newDelivery, RECORDED_CHANNEL, recordedAlert } from '../delivery/new-delivery';
import { NotifierMetrics } from '../delivery/notifier.metrics';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../notifier.config';
import { TargetPolicy } from '../webhook/target-policy';
import type { AlertEvent } from './alert-events';
import { describeAlert } from './render/alert-content';

/**
 * Turns an alert event into one delivery per channel, recorded durably (a conditional create keyed
 * by channel and event id, so a redelivered or replayed event adds nothing) and handed to the
 * worker. Nothing here waits on a webhook: the Kafka partition moves on at once.
 */
@Injectable()
export class RecordDeliveriesUseCase {
  constructor(
    @Inject(ChannelDirectory) private readonly channels: ChannelDirectory,
    @Inject(DeliveryLogRepository) private readonly log: DeliveryLogRepository,
    @Inject(TargetPolicy) private readonly policy: TargetPolicy,
    @Inject(DeliveryWorker) private readonly worker: DeliveryWorker,
    @Inject(NotifierMetrics) private readonly metrics: NotifierMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  async execute(event: AlertEvent, logger: Logger): Promise<void> {
    const routes = await this.channels.routesFor(event.sourceId);
    const secrets = [this.config.adminToken, this.config.signingSecret ?? ''];
    const content = describeAlert(event, { secrets });
    const now = this.clock.now();
    if (routes.length === 0) {
      // The log is the record of every alert; a channel only delivers it.
      const outcome = await this.log.create(recordedAlert(event, content, now));
      this.metrics.outcome(RECORDED_CHANNEL, outcome === 'created' ? 'recorded' : 'duplicate');
      logger.info(
        { eventType: event.eventType },
        'no channel configured; alert recorded, not sent',
      );
      return;
    }
    await Promise.all(
      routes.map(async (route) => {
        const record = newDelivery(event, route, content, this.policy.checkUrl(route.url), now);
        const log = logger.child({ channel: route.channel, target: record.target });
        if ((await this.log.create(record)) === 'duplicate') {
          this.metrics.outcome(route.channel, 'duplicate');
          log.info('alert already recorded for this channel; not sent again');
          return;
        }
        if (record.status === 'REFUSED') {
          this.metrics.outcome(route.channel, 'refused');
          log.warn({ reason: record.lastError }, 'webhook target refused');
          return;
        }
        this.worker.enqueue(record, now);
      }),
    );
  }
}
