import { TerminalError, TransientError } from '@tributary/ports';

interface KafkaJsErrorShape {
  name?: string;
  message?: string;
  retriable?: boolean;
}

/** kafkajs errors carry `retriable`; we keep that distinction in our own types. */
export function mapKafkaError(error: unknown, what: string): Error {
  const e = error as KafkaJsErrorShape;
  const message = `${what}: ${e.name ?? 'Error'}${e.message ? ` – ${e.message}` : ''}`;
  if (
    e.retriable === false &&
    e.name !== 'KafkaJSConnectionError' &&
    e.name !== 'KafkaJSNumberOfRetriesExceeded'
  ) {
    return new TerminalError('BROKER_REJECTED', message, { cause: error });
  }
  return new TransientError('BROKER_UNAVAILABLE', message, { cause: error });
}
