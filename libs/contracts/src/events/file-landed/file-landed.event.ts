import { type EventEnvelope, eventRecordSchema } from '../envelope';

/** A file was stored untouched in the raw zone and recorded in the files ledger. */
export interface FileLandedEvent extends EventEnvelope {
  readonly eventType: 'file-landed';
  readonly fileId: string;
  /** Object key in the raw zone. */
  readonly key: string;
  /** The name the client gave, as sent (display only; keys use the sanitised form). */
  readonly fileName: string;
  readonly contentType: string;
  readonly contentEncoding: string | null;
  readonly bytes: number;
  readonly sha256: string;
  readonly landingDate: string;
  /** True when re-published by a sweeper, a replay or a re-submission rather than an upload. */
  readonly redelivery: boolean;
}

export const fileLandedSchema = eventRecordSchema('FileLanded', 'A file landed in the raw zone', [
  { name: 'fileId', type: 'string' },
  { name: 'key', type: 'string' },
  { name: 'fileName', type: 'string' },
  { name: 'contentType', type: 'string' },
  { name: 'contentEncoding', type: ['null', 'string'], default: null },
  { name: 'bytes', type: 'long' },
  { name: 'sha256', type: 'string' },
  { name: 'landingDate', type: 'string' },
  { name: 'redelivery', type: 'boolean', default: false },
]);
