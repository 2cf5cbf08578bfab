/** One Parquet file of the published table, with the run that wrote it. */
export interface PublishedFile {
  /** Object key under `curated/`. */
  readonly key: string;
  readonly runId: string;
  readonly schemaVersion: number;
  readonly rows: number;
}

/** The data files that make up one `date=` partition in a published table state. */
export interface PublishedPartition {
  readonly date: string;
  readonly files: readonly PublishedFile[];
}

/** A complete table state: exactly the files a reader of the source sees. */
export interface TableState {
  /** 1, 2, 3 … one more with every publication or rollback. */
  readonly revision: number;
  /** The newest schema version among the state's files. */
  readonly schemaVersion: number;
  /** Id of the execution (promotion run, rollback) that produced the state. */
  readonly executionId: string;
  /** The run published (`run:<runId>`) or the rollback (`rollback:<revision>`) that produced it. */
  readonly cause: string;
  readonly publishedAt: string;
  readonly partitions: readonly PublishedPartition[];
}

/**
 * `curated/source=<id>/_LATEST.json`: the current table state and earlier ones (newest first)
 * for rollback. Replaced only with a conditional write on its ETag (compare-and-swap).
 */
export interface LatestPointer {
  readonly sourceId: string;
  readonly current: TableState;
  readonly previous: readonly TableState[];
}
