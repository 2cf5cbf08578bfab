/** The fields every event carries (SPEC §1). */
export interface EventEnvelope {
  /** ULID, unique per event; the idempotency key of every handler. */
  readonly eventId: string;
  readonly eventType: string;
  /** Version of the event's own schema; a shape change is a new version, never an edit. */
  readonly eventVersion: number;
  readonly sourceId: string;
  readonly runId: string | null;
  /** ISO-8601 timestamp of when the event was produced. */
  readonly occurredAt: string;
  /** W3C trace context of the upload or run that caused the event. */
  readonly traceparent: string;
}

export const AVRO_NAMESPACE = 'io.tributary.events.v1';

export const envelopeAvroFields = [
  { name: 'eventId', type: 'string' },
  { name: 'eventType', type: 'string' },
  { name: 'eventVersion', type: 'int' },
  { name: 'sourceId', type: 'string' },
  { name: 'runId', type: ['null', 'string'], default: null },
  { name: 'occurredAt', type: 'string' },
  { name: 'traceparent', type: 'string' },
] as const;

export interface AvroRecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
  readonly doc?: string;
  readonly fields: readonly unknown[];
}

export function eventRecordSchema(
  name: string,
  doc: string,
  payloadFields: readonly unknown[],
): AvroRecordSchema {
  return {
    type: 'record',
    name,
    namespace: AVRO_NAMESPACE,
    doc,
    fields: [...envelopeAvroFields, ...payloadFields],
  };
}
