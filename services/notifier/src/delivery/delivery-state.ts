import { type DeliveryRecord, isOutstandingDelivery } from '@tributary/contracts';
import { safeText } from '../alerts/render/text-safety';
import type { WebhookResult } from '../webhook/webhook-client';
import { retryDelayMs, type RetrySchedule } from './retry-schedule';

/** What one attempt came to, in the delivery's terms. */
export type AttemptOutcome =
  | { readonly kind: 'delivered'; readonly httpStatus: number }
  | {
      readonly kind: 'failed';
      readonly retriable: boolean;
      readonly httpStatus: number | null;
      readonly error: string;
      readonly retryAfterMs: number | null;
    }
  | {
      readonly kind: 'refused';
      readonly reason: string;
      readonly httpStatus: number | null;
      /** A redirect hop was refused after the first hop answered: that contact is an attempt. */
      readonly contacted: boolean;
    };

/** Status codes worth retrying: timeouts, throttling and server errors. */
export function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

export function outcomeOf(result: WebhookResult): AttemptOutcome {
  switch (result.kind) {
    case 'response': {
      if (result.status >= 200 && result.status < 300)
        return { kind: 'delivered', httpStatus: result.status };
      const excerpt = safeText(result.excerpt, 200);
      return {
        kind: 'failed',
        retriable: isRetriableStatus(result.status),
        httpStatus: result.status,
        error: `HTTP ${result.status}${excerpt ? `: ${excerpt}` : ''}`,
        retryAfterMs: result.retryAfterMs,
      };
    }
    case 'failed':
      return {
        kind: 'failed',
        retriable: result.retriable,
        httpStatus: result.lastStatus,
        error: result.error,
        retryAfterMs: null,
      };
    case 'refused':
      return {
        kind: 'refused',
        reason: result.reason,
        httpStatus: result.lastStatus,
        contacted: result.contacted,
      };
  }
}

export type ClaimDecision =
  { readonly claim: true } | { readonly claim: false; readonly retryAt: Date | null };

/** Whether `owner` may work on the delivery now; if not, when to look again (null: never). */
export function claimDecision(record: DeliveryRecord, owner: string, now: Date): ClaimDecision {
  if (!isOutstandingDelivery(record.status)) return { claim: false, retryAt: null };
  const due = record.nextAttemptAt ? Date.parse(record.nextAttemptAt) : 0;
  const leased = record.leaseUntil ? Date.parse(record.leaseUntil) : 0;
  if (record.leaseOwner && record.leaseOwner !== owner && leased > now.getTime()) {
    return { claim: false, retryAt: new Date(Math.max(leased, due)) };
  }
  if (due > now.getTime()) return { claim: false, retryAt: new Date(due) };
  return { claim: true };
}

export function claimed(
  record: DeliveryRecord,
  owner: string,
  now: Date,
  leaseMs: number,
): DeliveryRecord {
  return {
    ...record,
    leaseOwner: owner,
    leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
    updatedAt: now.toISOString(),
  };
}

export interface AttemptTiming {
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

/** The delivery after an attempt: DELIVERED, RETRYING (with the next time), DEAD_LETTERED or REFUSED. */
export function afterAttempt(
  record: DeliveryRecord,
  outcome: AttemptOutcome,
  timing: AttemptTiming,
  schedule: RetrySchedule,
  random: () => number = Math.random,
): DeliveryRecord {
  const attempt = record.attempts.length + 1;
  const finishedAt = timing.finishedAt.toISOString();
  const entry = {
    attempt,
    startedAt: timing.startedAt.toISOString(),
    finishedAt,
    durationMs: timing.finishedAt.getTime() - timing.startedAt.getTime(),
    httpStatus: outcome.httpStatus,
    error:
      outcome.kind === 'delivered'
        ? null
        : outcome.kind === 'refused'
          ? outcome.reason
          : outcome.error,
  };
  const settled = {
    ...record,
    leaseOwner: null,
    leaseUntil: null,
    updatedAt: finishedAt,
  };
  switch (outcome.kind) {
    case 'delivered':
      return {
        ...settled,
        status: 'DELIVERED',
        attempts: [...record.attempts, entry],
        lastError: null,
        nextAttemptAt: null,
        deliveredAt: finishedAt,
      };
    case 'refused':
      return {
        ...settled,
        status: 'REFUSED',
        attempts: outcome.contacted ? [...record.attempts, entry] : record.attempts,
        lastError: outcome.reason,
        nextAttemptAt: null,
      };
    case 'failed': {
      const attempts = [...record.attempts, entry];
      if (!outcome.retriable) {
        return {
          ...settled,
          status: 'DEAD_LETTERED',
          attempts,
          lastError: outcome.error,
          nextAttemptAt: null,
        };
      }
      if (attempt >= schedule.maxAttempts) {
        return {
          ...settled,
          status: 'DEAD_LETTERED',
          attempts,
          lastError: `gave up after ${attempt} attempts: ${outcome.error}`,
          nextAttemptAt: null,
        };
      }
      const delay = retryDelayMs(attempt, schedule, outcome.retryAfterMs, random);
      return {
        ...settled,
        status: 'RETRYING',
        attempts,
        lastError: outcome.error,
        nextAttemptAt: new Date(timing.finishedAt.getTime() + delay).toISOString(),
      };
    }
  }
}

/** A delivery that can no longer be attempted (its channel was removed): dead-lettered as is. */
export function abandoned(record: DeliveryRecord, reason: string, now: Date): DeliveryRecord {
  return {
    ...record,
    status: 'DEAD_LETTERED',
    lastError: reason,
    nextAttemptAt: null,
    leaseOwner: null,
    leaseUntil: null,
    updatedAt: now.toISOString(),
  };
}
