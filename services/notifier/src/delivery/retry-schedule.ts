export interface RetrySchedule {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Attempts in all, the first included; after the last the delivery is dead-lettered. */
  readonly maxAttempts: number;
}

/**
 * The wait after failed attempt `attempt` (1-based): base · 2^(attempt-1), capped, with "equal
 * jitter" (half fixed, half random) so many failing deliveries spread out but never retry at once.
 * A receiver's Retry-After is honoured up to the cap.
 */
export function retryDelayMs(
  attempt: number,
  schedule: RetrySchedule,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exponential / 2 + (random() * exponential) / 2);
  return retryAfterMs === null
    ? jittered
    : Math.max(jittered, Math.min(retryAfterMs, schedule.maxMs));
}
