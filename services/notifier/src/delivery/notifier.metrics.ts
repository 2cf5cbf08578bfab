import { Inject, Injectable } from '@nestjs/common';
import { METRICS, type Metrics } from '@tributary/platform';

/** `retrying` counts a failed attempt that will be retried; the others are final outcomes. */
export type DeliveryMetricOutcome =
  'delivered' | 'retrying' | 'dead_lettered' | 'refused' | 'duplicate' | 'recorded';

@Injectable()
export class NotifierMetrics {
  private readonly deliveries;
  private readonly duration;
  private readonly pending;

  constructor(@Inject(METRICS) metrics: Metrics) {
    this.deliveries = metrics.counter({
      name: 'notifier_deliveries_total',
      help: 'Webhook deliveries by channel and outcome (delivered, retrying, dead_lettered, refused, duplicate)',
      labelNames: ['channel', 'outcome'],
    });
    this.duration = metrics.histogram({
      name: 'notifier_delivery_duration_seconds',
      help: 'Duration of one delivery attempt, redirects included, by outcome (seconds)',
      labelNames: ['outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    this.pending = metrics.gauge({
      name: 'notifier_pending_deliveries',
      help: 'Deliveries this replica holds queued, in flight or waiting for a retry',
    });
  }

  outcome(channel: string, outcome: DeliveryMetricOutcome): void {
    this.deliveries.inc({ channel, outcome });
  }

  attempt(seconds: number, outcome: string): void {
    this.duration.observe({ outcome }, seconds);
  }

  setPending(count: number): void {
    this.pending.set(count);
  }
}
