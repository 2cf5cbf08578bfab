/** `curated/source=<id>/run_id=<runId>/_SUCCESS`: written last, after every data file. */
export interface RunSummary {
  readonly sourceId: string;
  readonly runId: string;
  readonly executionId: string;
  readonly engine: string;
  readonly writeMode: string;
  readonly backfill: boolean;
  readonly schemaVersion: number;
  readonly inputs: readonly { fileId: string; key: string; rows: number }[];
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rowsQuarantined: number;
  readonly partitions: readonly { date: string; files: readonly string[]; rows: number }[];
  readonly columns: readonly { name: string; type: string; field: string }[];
  readonly timings: Readonly<Record<string, number>>;
  readonly startedAt: string;
  readonly finishedAt: string;
}
