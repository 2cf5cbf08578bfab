import type { WriteMode } from './source.record';

export const RUN_STATUS = ['RUNNING', 'COMPLETED', 'PROMOTED', 'REJECTED', 'FAILED'] as const;
export type RunStatus = (typeof RUN_STATUS)[number];

export interface RunRecord {
  readonly sourceId: string;
  readonly runId: string;
  readonly executionId: string;
  readonly status: RunStatus;
  readonly writeMode: WriteMode;
  readonly backfill: boolean;
  readonly schemaVersion: number | null;
  readonly fileIds: readonly string[];
  readonly partitions: readonly string[];
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rowsQuarantined: number;
  readonly batchesDone: number;
  readonly failedChecks: readonly { check: string; detail: string }[];
  readonly error: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly traceparent: string;
}
