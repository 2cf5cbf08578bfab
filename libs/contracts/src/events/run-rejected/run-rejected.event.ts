import { type EventEnvelope, eventRecordSchema } from '../envelope';

export interface FailedCheck {
  readonly check: string;
  readonly detail: string;
}

/** The quality gate failed; the run stays unpublished for audit. */
export interface RunRejectedEvent extends EventEnvelope {
  readonly eventType: 'run-rejected';
  readonly runId: string;
  readonly executionId: string;
  readonly failedChecks: readonly FailedCheck[];
  readonly rowsIn: number;
  readonly rowsQuarantined: number;
}

export const runRejectedSchema = eventRecordSchema('RunRejected', 'A run failed the quality gate', [
  { name: 'executionId', type: 'string' },
  {
    name: 'failedChecks',
    type: {
      type: 'array',
      items: {
        type: 'record',
        name: 'FailedCheck',
        fields: [
          { name: 'check', type: 'string' },
          { name: 'detail', type: 'string' },
        ],
      },
    },
  },
  { name: 'rowsIn', type: 'long' },
  { name: 'rowsQuarantined', type: 'long' },
]);
