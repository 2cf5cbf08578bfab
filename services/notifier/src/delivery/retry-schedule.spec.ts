import { retryDelayMs } from './retry-schedule';

describe('retryDelayMs', () => {
  const schedule = { baseMs: 1000, maxMs: 10_000, maxAttempts: 6 };

  it('doubles per attempt with equal jitter between half and all of the step', () => {
    expect(retryDelayMs(1, schedule, null, () => 0)).toBe(500);
    expect(retryDelayMs(1, schedule, null, () => 1)).toBe(1000);
    expect(retryDelayMs(2, schedule, null, () => 0)).toBe(1000);
    expect(retryDelayMs(3, schedule, null, () => 1)).toBe(4000);
  });

  it('is capped', () => {
    expect(retryDelayMs(20, schedule, null, () => 1)).toBe(10_000);
    expect(retryDelayMs(20, schedule, null, () => 0)).toBe(5000);
  });

  it("honours the receiver's Retry-After up to the cap", () => {
    expect(retryDelayMs(1, schedule, 7000, () => 0)).toBe(7000);
    expect(retryDelayMs(1, schedule, 60_000, () => 0)).toBe(10_000);
    expect(retryDelayMs(3, schedule, 10, () => 0)).toBe(2000);
  });

  it('spreads retries: different random draws give different delays', () => {
    const delays = new Set(
      [0.1, 0.4, 0.7, 0.9].map((r) => retryDelayMs(4, schedule, null, () => r)),
    );
    expect(delays.size).toBe(4);
  });
});
