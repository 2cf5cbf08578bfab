/**
 * Two kinds of failure, distinct in code (SPEC §1): transient errors (network, 5xx, throttling)
 * are retried with backoff; terminal errors (bad data, a lost race) are not retried: they
 * quarantine, dead-letter or surface to the caller.
 */
export abstract class TributaryError extends Error {
  abstract readonly code: string;
  abstract readonly retriable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A dependency failed in a way that may pass: retry with backoff. */
export class TransientError extends TributaryError {
  readonly retriable = true;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The input is wrong and will stay wrong: do not retry. */
export class TerminalError extends TributaryError {
  readonly retriable = false;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A conditional write lost: someone else changed the item or object first. */
export class PreconditionFailedError extends TributaryError {
  readonly code = 'PRECONDITION_FAILED';
  readonly retriable = false;
}

export class NotFoundError extends TributaryError {
  readonly code = 'NOT_FOUND';
  readonly retriable = false;
}

export function isRetriable(error: unknown): boolean {
  return error instanceof TributaryError && error.retriable;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
