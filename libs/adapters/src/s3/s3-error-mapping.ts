import {
  NotFoundError,
  PreconditionFailedError,
  TerminalError,
  TransientError,
} from '@tributary/ports';

interface SdkErrorShape {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/** Translates an AWS SDK error into the project's error types; SDK types never leak out. */
export function mapS3Error(error: unknown, what: string): Error {
  const e = error as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? e.Code ?? 'Error';
  const message = `${what}: ${name}${status ? ` (HTTP ${status})` : ''}`;
  if (status === 412 || name === 'PreconditionFailed' || name === 'ConditionalRequestConflict') {
    return new PreconditionFailedError(message, { cause: error });
  }
  if (status === 409 && /Conditional|Conflict/i.test(name)) {
    return new PreconditionFailedError(message, { cause: error });
  }
  if (status === 404 || name === 'NoSuchKey' || name === 'NotFound') {
    return new NotFoundError(message, { cause: error });
  }
  if (
    status === undefined ||
    status >= 500 ||
    status === 429 ||
    name === 'SlowDown' ||
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    e.$retryable !== undefined
  ) {
    if (name === 'AbortError') return new TerminalError('ABORTED', message, { cause: error });
    return new TransientError('OBJECT_STORE_UNAVAILABLE', message, { cause: error });
  }
  return new TerminalError('OBJECT_STORE_REJECTED', message, { cause: error });
}
