import type { DeliveryRecord } from '@tributary/contracts';
import {
  abandoned,
  afterAttempt,
  claimDecision,
  claimed,
  isRetriableStatus,
  outcomeOf,
} from './delivery-state';

const t0 = new Date('2026-01-21T12:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const schedule = { baseMs: 100, maxMs: 1000, maxAttempts: 3 };

function pending(overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    channel: 'orders.ops',
    deliveryKey: '01KFG0000000000000000000AA',
    channelName: 'ops',
    eventId: '01KFG0000000000000000000AA',
    eventType: 'drift-detected',
    sourceId: 'orders',
    runId: null,
    format: 'json',
    target: 'hooks.example.com:443',
    status: 'PENDING',
    attempts: [],
    lastError: null,
    nextAttemptAt: t0.toISOString(),
    leaseOwner: null,
    leaseUntil: null,
    summary: 's',
    payload: '{}',
    createdAt: t0.toISOString(),
    updatedAt: t0.toISOString(),
    deliveredAt: null,
    ...overrides,
  };
}

const timing = (start: number, end: number) => ({ startedAt: at(start), finishedAt: at(end) });

describe('outcomeOf', () => {
  it('classifies HTTP statuses: 2xx delivered; 408/425/429/5xx retriable; other 4xx terminal', () => {
    const response = (status: number) =>
      outcomeOf({ kind: 'response', status, retryAfterMs: null, excerpt: 'nope\u0000' });
    expect(response(204)).toEqual({ kind: 'delivered', httpStatus: 204 });
    expect(response(503)).toMatchObject({
      kind: 'failed',
      retriable: true,
      error: 'HTTP 503: nope',
    });
    expect(response(429)).toMatchObject({ retriable: true });
    expect(response(404)).toMatchObject({ kind: 'failed', retriable: false, httpStatus: 404 });
    expect(response(301)).toMatchObject({ kind: 'failed', retriable: false });
    expect([408, 425, 429, 500, 599].every(isRetriableStatus)).toBe(true);
    expect([400, 401, 403, 404, 410, 422].some(isRetriableStatus)).toBe(false);
  });

  it('passes network failures and refusals through', () => {
    expect(
      outcomeOf({
        kind: 'failed',
        error: 'timed out after 50 ms',
        retriable: true,
        contacted: true,
        lastStatus: null,
      }),
    ).toMatchObject({ kind: 'failed', retriable: true, error: 'timed out after 50 ms' });
    expect(
      outcomeOf({
        kind: 'refused',
        reason: 'redirect 1 to x: no',
        contacted: true,
        lastStatus: 307,
      }),
    ).toEqual({ kind: 'refused', reason: 'redirect 1 to x: no', httpStatus: 307, contacted: true });
  });
});

describe('afterAttempt', () => {
  const fail = {
    kind: 'failed',
    retriable: true,
    httpStatus: 500,
    error: 'HTTP 500',
    retryAfterMs: null,
  } as const;

  it('500, 500, 200: two retries then DELIVERED with every attempt listed', () => {
    let record = pending();
    record = afterAttempt(record, fail, timing(0, 10), schedule, () => 0);
    expect(record).toMatchObject({
      status: 'RETRYING',
      lastError: 'HTTP 500',
      nextAttemptAt: at(60).toISOString(),
    });
    record = afterAttempt(record, fail, timing(100, 110), schedule, () => 0);
    expect(record).toMatchObject({ status: 'RETRYING', nextAttemptAt: at(210).toISOString() });
    record = afterAttempt(
      record,
      { kind: 'delivered', httpStatus: 200 },
      timing(300, 320),
      schedule,
    );
    expect(record.status).toBe('DELIVERED');
    expect(record.deliveredAt).toBe(at(320).toISOString());
    expect(record.lastError).toBeNull();
    expect(record.nextAttemptAt).toBeNull();
    expect(record.attempts.map((a) => [a.attempt, a.httpStatus, a.error, a.durationMs])).toEqual([
      [1, 500, 'HTTP 500', 10],
      [2, 500, 'HTTP 500', 10],
      [3, 200, null, 20],
    ]);
  });

  it('dead-letters after the last attempt with the last error', () => {
    let record = pending();
    for (let i = 0; i < 3; i++)
      record = afterAttempt(record, fail, timing(i * 100, i * 100 + 5), schedule);
    expect(record.status).toBe('DEAD_LETTERED');
    expect(record.lastError).toBe('gave up after 3 attempts: HTTP 500');
    expect(record.attempts).toHaveLength(3);
  });

  it('dead-letters a terminal failure at once', () => {
    const record = afterAttempt(
      pending(),
      { kind: 'failed', retriable: false, httpStatus: 410, error: 'HTTP 410', retryAfterMs: null },
      timing(0, 5),
      schedule,
    );
    expect(record).toMatchObject({ status: 'DEAD_LETTERED', lastError: 'HTTP 410' });
  });

  it('marks a refused redirect REFUSED, listing the contact that was made', () => {
    const refused = {
      kind: 'refused',
      reason: 'redirect 1 to 127.0.0.1:1: no',
      httpStatus: 307,
    } as const;
    expect(
      afterAttempt(pending(), { ...refused, contacted: true }, timing(0, 5), schedule),
    ).toMatchObject({
      status: 'REFUSED',
      lastError: 'redirect 1 to 127.0.0.1:1: no',
      attempts: [{ httpStatus: 307 }],
    });
    expect(
      afterAttempt(pending(), { ...refused, contacted: false }, timing(0, 5), schedule).attempts,
    ).toEqual([]);
  });

  it('clears the lease whatever the outcome', () => {
    const leased = claimed(pending(), 'me', t0, 1000);
    expect(afterAttempt(leased, fail, timing(0, 5), schedule)).toMatchObject({
      leaseOwner: null,
      leaseUntil: null,
    });
    expect(abandoned(leased, 'channel gone', t0)).toMatchObject({
      status: 'DEAD_LETTERED',
      leaseOwner: null,
      lastError: 'channel gone',
    });
  });
});

describe('claimDecision', () => {
  it('claims a due, unleased delivery', () => {
    expect(claimDecision(pending(), 'me', t0)).toEqual({ claim: true });
  });

  it('waits for a future attempt time', () => {
    expect(claimDecision(pending({ nextAttemptAt: at(500).toISOString() }), 'me', t0)).toEqual({
      claim: false,
      retryAt: at(500),
    });
  });

  it("leaves another replica's live lease alone until it expires; its own or an expired one is fine", () => {
    const leased = claimed(pending(), 'other', t0, 1000);
    expect(claimDecision(leased, 'me', at(10))).toEqual({ claim: false, retryAt: at(1000) });
    expect(claimDecision(leased, 'me', at(1001))).toEqual({ claim: true });
    expect(claimDecision(leased, 'other', at(10))).toEqual({ claim: true });
  });

  it('never claims a finished delivery', () => {
    for (const status of ['DELIVERED', 'DEAD_LETTERED', 'REFUSED'] as const) {
      expect(claimDecision(pending({ status }), 'me', t0)).toEqual({ claim: false, retryAt: null });
    }
  });
});
