import { TributaryError } from '@tributary/ports';

export interface RetryPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Attempts for transient errors before the message is dead-lettered. */
  readonly maxAttempts: number;
}

/** Errors of unknown kind (bugs, unexpected throws) get a few attempts, then dead-letter. */
const UNKNOWN_ERROR_ATTEMPTS = 3;

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly kind: 'terminal' | 'exhausted' };

/** 1 s, 2 s, 4 s … capped, with ±10 % jitter so replicas do not retry in lockstep. */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxMs, exponential);
  const jitter = 1 + (random() * 0.2 - 0.1);
  return Math.round(capped * jitter);
}

/** Whether the attempt that just failed (1-based) should be retried. */
export function decideRetry(error: unknown, attempt: number, policy: RetryPolicy): RetryDecision {
  if (error instanceof TributaryError && !error.retriable)
    return { retry: false, kind: 'terminal' };
  const limit =
    error instanceof TributaryError
      ? policy.maxAttempts
      : Math.min(UNKNOWN_ERROR_ATTEMPTS, policy.maxAttempts);
  if (attempt >= limit) return { retry: false, kind: 'exhausted' };
  return { retry: true, delayMs: backoffDelayMs(attempt, policy) };
}

/** Runs `fn`, retrying retriable failures with backoff; used for calls outside a consumer too. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  options: {
    signal?: AbortSignal;
    onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const decision = decideRetry(error, attempt, policy);
      if (!decision.retry) throw error;
      options.onRetry?.(error, attempt, decision.delayMs);
      await sleep(decision.delayMs, options.signal);
    }
  }
}

export class ShutdownInProgressError extends Error {
  constructor() {
    super('shutting down: work handed back');
    this.name = 'ShutdownInProgressError';
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ShutdownInProgressError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ShutdownInProgressError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
