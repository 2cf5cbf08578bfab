import { type EventEnvelope, eventRecordSchema } from '../envelope';

/** A landed file could not be parsed; it was copied byte-for-byte to the dead-letter zone. */
export interface DeadLetterEvent extends EventEnvelope {
  readonly eventType: 'dead-letter';
  readonly fileId: string;
  readonly originalKey: string;
  readonly deadLetterKey: string;
  readonly fileName: string;
  /** Stage that gave up (profiling, …). */
  readonly stage: string;
  readonly reason: string;
}

export const deadLetterSchema = eventRecordSchema('DeadLetter', 'A file that could not be parsed', [
  { name: 'fileId', type: 'string' },
  { name: 'originalKey', type: 'string' },
  { name: 'deadLetterKey', type: 'string' },
  { name: 'fileName', type: 'string' },
  { name: 'stage', type: 'string' },
  { name: 'reason', type: 'string' },
]);
