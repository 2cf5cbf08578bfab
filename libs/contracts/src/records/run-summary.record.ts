import type { WriteMode } from './source.record';

/** How a run's partition enters the table: added to what is published there, or in its place. */
export type PartitionWrite = 'append' | 'replace';

/** A partition a run wrote: its files (empty for a partition a merge or backfill emptied) and rows. */
export interface RunPartition {
  readonly date: string;
  readonly files: readonly { readonly key: string; readonly rows: number }[];
  readonly rows: number;
  /**
   * Absent: as the run's write mode says (append adds, replace and merge replace). A backfill
   * replaces its dates and appends the rows of pending files that fall outside them.
   */
  readonly mode?: PartitionWrite;
}

/**
 * `curated/source=<id>/run_id=<runId>/_SUCCESS`: written last, after every data file of the run,
 * so its presence means the run is complete. The quality gate reads it.
 */
export interface RunSummary {
  readonly sourceId: string;
  readonly runId: string;
  readonly executionId: string;
  readonly engine: string;
  /** append adds the files to their partitions; replace and merge replace the partitions listed. */
  readonly writeMode: WriteMode;
  readonly backfill: boolean;
  readonly schemaVersion: number;
  /** Pointer revision the run was computed against (merge and replace read it). */
  readonly baseRevision: number;
  readonly inputs: readonly {
    readonly fileId: string;
    readonly key: string;
    readonly rowsIn: number;
    readonly rowsQuarantined: number;
    readonly rowsSuperseded?: number;
  }[];
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rowsQuarantined: number;
  readonly partitions: readonly RunPartition[];
  /** Published columns: Parquet name, type, and the source field it holds. */
  readonly columns: readonly {
    readonly name: string;
    readonly type: string;
    readonly field: string;
  }[];
  /** Object keys of the run's quarantine files. */
  readonly quarantineKeys: readonly string[];
  readonly timings: Readonly<Record<string, number>>;
  readonly startedAt: string;
  readonly finishedAt: string;
}

/** Provenance columns every published row carries. */
export const PROVENANCE_COLUMNS = {
  fileId: '_tributary_file_id',
  runId: '_tributary_run_id',
  rowPosition: '_tributary_row_position',
} as const;
