import type { WriteMode } from './source.record';

export const RUN_STATUS = ['RUNNING', 'COMPLETED', 'PROMOTED', 'REJECTED', 'FAILED'] as const;
export type RunStatus = (typeof RUN_STATUS)[number];

/** A Parquet file a run has written to its staging folder, checkpointed per batch. */
export interface StagedPart {
  readonly batch: number;
  readonly date: string;
  readonly stagingKey: string;
  readonly rows: number;
}

export interface RunInput {
  readonly fileId: string;
  readonly key: string;
  readonly rowsIn: number;
  readonly rowsQuarantined: number;
  /**
   * Rows read but not inputs of the run because a newer version is published instead: a
   * correction of the row re-submitted from quarantine, or (replace mode) a newer export.
   */
  readonly rowsSuperseded?: number;
}

export interface RunRecord {
  readonly sourceId: string;
  readonly runId: string;
  readonly executionId: string;
  readonly status: RunStatus;
  readonly writeMode: WriteMode;
  readonly backfill: boolean;
  /** Partition dates a backfill rewrites; null for ordinary runs. */
  readonly backfillDates: readonly string[] | null;
  readonly schemaVersion: number | null;
  /** The files the run takes, fixed when it starts (its plan). */
  readonly fileIds: readonly string[];
  /**
   * The files of the plan not promoted yet (absent: all of them): every row of theirs is
   * published. A backfill reads the others only for the rows published on its dates.
   */
  readonly pendingFileIds?: readonly string[];
  readonly partitions: readonly string[];
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rowsQuarantined: number;
  /** Batches finished (checkpoint); a resumed run continues after them. */
  readonly batchesDone: number;
  /** The plan split into batches (file ids), fixed when the run starts so a resume matches. */
  readonly batches: readonly (readonly string[])[];
  readonly staged: readonly StagedPart[];
  readonly inputs: readonly RunInput[];
  readonly quarantineKeys: readonly string[];
  readonly failedChecks: readonly { check: string; detail: string }[];
  /** Rows published under their landing date because the partition field held no date. */
  readonly rowsUndated?: number;
  /** What a person should know about the run although it did not fail (e.g. its partition field). */
  readonly warnings?: readonly string[];
  readonly error: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly traceparent: string;
  /** Event ids kept so a resumed run re-publishes the same events. */
  readonly eventIds?: { readonly runCompleted?: string; readonly runFailed?: string };
}
