import { type EventEnvelope, eventRecordSchema } from '../envelope';

/** A run stopped on an error before completing; nothing of it is published. */
export interface RunFailedEvent extends EventEnvelope {
  readonly eventType: 'run-failed';
  readonly runId: string;
  readonly stage: string;
  readonly error: string;
}

export const runFailedSchema = eventRecordSchema('RunFailed', 'A run stopped on an error', [
  { name: 'stage', type: 'string' },
  { name: 'error', type: 'string' },
]);
