import { Inject, Injectable } from '@nestjs/common';
import type { DeliveryRecord } from '@tributary/contracts';
import { type DeliveryRef, DeliveryLogRepository, type Versioned } from '@tributary/metadata';
import { LOGGER, type Logger, withRetry } from '@tributary/platform';
import { CLOCK, type Clock, PreconditionFailedError } from '@tributary/ports';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../notifier.config';
import { displayTarget } from '../webhook/target-policy';
import { WebhookClient } from '../webhook/webhook-client';
import { ChannelDirectory } from './channel-directory';
import { abandoned, afterAttempt, claimDecision, claimed, outcomeOf } from './delivery-state';
import { type DeliveryMetricOutcome, NotifierMetrics } from './notifier.metrics';
import { webhookHeaders } from './webhook-headers';

/** A lease outlives the attempt's timeout by this much before another replica may take over. */
const LEASE_MARGIN_MS = 15_000;
const LOST_RACE_RECHECK_MS = 500;
const RECORD_RETRY = { baseMs: 200, maxMs: 2_000, maxAttempts: 5 } as const;

/**
 * One attempt of one delivery: claim it (a lease, by conditional write), POST, record the
 * attempt and the next state. Returns when to look at the delivery again, or null when done.
 */
@Injectable()
export class AttemptDeliveryUseCase {
  constructor(
    @Inject(DeliveryLogRepository) private readonly log: DeliveryLogRepository,
    @Inject(ChannelDirectory) private readonly channels: ChannelDirectory,
    @Inject(WebhookClient) private readonly client: WebhookClient,
    @Inject(NotifierMetrics) private readonly metrics: NotifierMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(ref: DeliveryRef, owner: string): Promise<Date | null> {
    const now = this.clock.now();
    const current = await this.log.get(ref);
    if (!current) return null;
    const decision = claimDecision(current.record, owner, now);
    if (!decision.claim) return decision.retryAt;
    const lease = claimed(
      current.record,
      owner,
      now,
      this.config.attemptTimeoutMs + LEASE_MARGIN_MS,
    );
    try {
      await this.log.update(current, lease);
    } catch (error) {
      if (error instanceof PreconditionFailedError)
        return new Date(now.getTime() + LOST_RACE_RECHECK_MS);
      throw error;
    }
    const mine: Versioned<DeliveryRecord> = { record: lease, revision: current.revision + 1 };
    const log = this.logger.child({
      channel: ref.channel,
      eventId: lease.eventId,
      sourceId: lease.sourceId,
      target: lease.target,
    });

    const target = await this.channels.targetOf(ref.channel);
    if (!target) {
      const reason = `channel ${lease.channelName} is no longer configured`;
      await this.record(mine, abandoned(lease, reason, this.clock.now()));
      this.metrics.outcome(ref.channel, 'dead_lettered');
      log.warn({ reason }, 'delivery dead-lettered');
      return null;
    }

    const attempt = lease.attempts.length + 1;
    const startedAt = this.clock.now();
    const result = await this.client.send({
      url: target.url,
      body: lease.payload,
      headers: webhookHeaders(lease, attempt, this.config.signingSecret, startedAt),
      timeoutMs: this.config.attemptTimeoutMs,
    });
    const finishedAt = this.clock.now();
    const outcome = outcomeOf(result);
    const next: DeliveryRecord = {
      ...afterAttempt(lease, outcome, { startedAt, finishedAt }, this.config.retry),
      target: displayTarget(target.url),
    };
    await this.record(mine, next);

    this.metrics.attempt((finishedAt.getTime() - startedAt.getTime()) / 1000, outcome.kind);
    this.metrics.outcome(ref.channel, metricOutcome(next));
    const summary = {
      attempt,
      status: next.status,
      httpStatus: outcome.httpStatus,
      error: next.lastError,
    };
    if (next.status === 'DELIVERED') log.info(summary, 'alert delivered');
    else if (next.status === 'RETRYING')
      log.warn(
        { ...summary, nextAttemptAt: next.nextAttemptAt },
        'delivery attempt failed; will retry',
      );
    else
      log.warn(
        summary,
        next.status === 'REFUSED' ? 'webhook target refused' : 'delivery dead-lettered',
      );
    return next.status === 'RETRYING' && next.nextAttemptAt ? new Date(next.nextAttemptAt) : null;
  }

  /** The outcome must not be lost to a passing metadata hiccup: that would mean a re-send. */
  private async record(current: Versioned<DeliveryRecord>, next: DeliveryRecord): Promise<void> {
    await withRetry(() => this.log.update(current, next), RECORD_RETRY);
  }
}

function metricOutcome(record: DeliveryRecord): DeliveryMetricOutcome {
  switch (record.status) {
    case 'DELIVERED':
      return 'delivered';
    case 'REFUSED':
      return 'refused';
    case 'DEAD_LETTERED':
      return 'dead_lettered';
    case 'RECORDED':
      return 'recorded';
    case 'PENDING':
    case 'RETRYING':
      return 'retrying';
  }
}
