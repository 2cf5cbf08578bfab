import { PreconditionFailedError, TerminalError, TransientError } from '@tributary/ports';

interface SdkErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: { Code?: string }[];
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);

export function mapDynamoError(error: unknown, what: string): Error {
  const e = error as SdkErrorShape;
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const message = `${what}: ${name}${e.message ? ` – ${e.message}` : ''}`;
  if (name === 'ConditionalCheckFailedException') {
    return new PreconditionFailedError(message, { cause: error });
  }
  if (name === 'TransactionCanceledException') {
    const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
    if (codes.includes('ConditionalCheckFailed')) {
      return new PreconditionFailedError(`${what}: condition failed`, { cause: error });
    }
    if (codes.some((c) => c === 'TransactionConflict' || c === 'ThrottlingError')) {
      return new TransientError('METADATA_CONFLICT', message, { cause: error });
    }
  }
  // A programming error raised before any request (marshalling an unsupported value): retrying
  // cannot help, and the message had better reach a person.
  if (
    error instanceof TypeError ||
    error instanceof RangeError ||
    /^(Unsupported type passed|Pass options\.)/.test(e.message ?? '')
  ) {
    return new TerminalError('METADATA_REJECTED', message, { cause: error });
  }
  if (THROTTLING.has(name) || status === undefined || status >= 500) {
    return new TransientError('METADATA_UNAVAILABLE', message, { cause: error });
  }
  return new TerminalError('METADATA_REJECTED', message, { cause: error });
}
