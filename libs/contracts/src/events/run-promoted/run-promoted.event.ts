import { type EventEnvelope, eventRecordSchema } from '../envelope';

/** The quality gate passed and `_LATEST.json` now includes the run. */
export interface RunPromotedEvent extends EventEnvelope {
  readonly eventType: 'run-promoted';
  readonly runId: string;
  readonly executionId: string;
  readonly schemaVersion: number;
  readonly pointerRevision: number;
  readonly partitions: readonly string[];
  readonly rowsOut: number;
}

export const runPromotedSchema = eventRecordSchema('RunPromoted', 'A run was published', [
  { name: 'executionId', type: 'string' },
  { name: 'schemaVersion', type: 'int' },
  { name: 'pointerRevision', type: 'int' },
  { name: 'partitions', type: { type: 'array', items: 'string' } },
  { name: 'rowsOut', type: 'long' },
]);
