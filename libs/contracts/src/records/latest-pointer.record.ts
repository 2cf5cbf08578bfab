/** The data files of one `date=` partition in a published table state. */
export interface PublishedPartition {
  readonly date: string;
  readonly runId: string;
  readonly schemaVersion: number;
  readonly files: readonly string[];
}

export interface TableState {
  readonly revision: number;
  readonly schemaVersion: number;
  readonly executionId: string;
  /** The run whose publication produced this state (or the rollback that restored it). */
  readonly cause: string;
  readonly publishedAt: string;
  readonly partitions: readonly PublishedPartition[];
}

/** `curated/source=<id>/_LATEST.json`: the current table state and every earlier one. */
export interface LatestPointer {
  readonly sourceId: string;
  readonly current: TableState;
  /** Earlier states, newest first, for rollback. */
  readonly previous: readonly TableState[];
}
