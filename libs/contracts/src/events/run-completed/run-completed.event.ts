import { type EventEnvelope, eventRecordSchema } from '../envelope';

/** A run's Parquet and `_SUCCESS` are written under its own path; it awaits the quality gate. */
export interface RunCompletedEvent extends EventEnvelope {
  readonly eventType: 'run-completed';
  readonly runId: string;
  readonly executionId: string;
  readonly schemaVersion: number;
  readonly writeMode: string;
  readonly backfill: boolean;
  readonly successKey: string;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rowsQuarantined: number;
  readonly fileIds: readonly string[];
  /** Partition dates the run wrote. */
  readonly partitions: readonly string[];
  readonly engine: string;
}

export const runCompletedSchema = eventRecordSchema(
  'RunCompleted',
  'A promotion run finished writing',
  [
    { name: 'executionId', type: 'string' },
    { name: 'schemaVersion', type: 'int' },
    { name: 'writeMode', type: 'string' },
    { name: 'backfill', type: 'boolean' },
    { name: 'successKey', type: 'string' },
    { name: 'rowsIn', type: 'long' },
    { name: 'rowsOut', type: 'long' },
    { name: 'rowsQuarantined', type: 'long' },
    { name: 'fileIds', type: { type: 'array', items: 'string' } },
    { name: 'partitions', type: { type: 'array', items: 'string' } },
    { name: 'engine', type: 'string' },
  ],
);
