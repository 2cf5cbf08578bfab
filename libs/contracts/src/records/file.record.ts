export const FILE_STATUS = [
  'LANDED',
  'PROFILED',
  'DEAD_LETTERED',
  'PROMOTED',
  'QUARANTINED',
] as const;
export type FileStatus = (typeof FILE_STATUS)[number];

/** How the profiler read a file, so later stages read it the same way. */
export interface FileProfile {
  readonly format: string;
  readonly encoding: string;
  readonly dialect: {
    readonly delimiter: string;
    readonly quote: string;
    readonly header: boolean;
    readonly lineEnding: string;
    readonly quotedNewlines: boolean;
  } | null;
  /** Rows that could not be read (ragged rows, bad JSON lines); promotion quarantines them. */
  readonly rowErrors: number;
  /** Why `encoding`: `byte-order-mark`, `declared` (the upload's charset), `detected`, `guessed`. */
  readonly encodingBasis?: string;
  /** The same in words, with its evidence. */
  readonly encodingNote?: string;
}

/** Ids of the events a stage published for a file, so a redelivery re-publishes the same ones. */
export interface FileEventIds {
  readonly schemaProfiled?: string;
  readonly driftDetected?: string;
  readonly deadLetter?: string;
}

/** One item per accepted upload in the files ledger. */
export interface FileRecord {
  readonly sourceId: string;
  readonly fileId: string;
  readonly key: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly contentEncoding: string | null;
  /** The charset the upload declared in its Content-Type, lowercased; null when none. */
  readonly charset?: string | null;
  readonly bytes: number;
  readonly sha256: string;
  readonly landingDate: string;
  readonly landedAt: string;
  readonly status: FileStatus;
  readonly schemaVersion: number | null;
  readonly runId: string | null;
  readonly reason: string | null;
  /** Rows in the file: records read plus rows that could not be read (`profile.rowErrors`). */
  readonly rowCount: number | null;
  readonly format: string | null;
  readonly deadLetterKey: string | null;
  readonly profile?: FileProfile | null;
  /** Set on a file of re-submitted quarantine rows: the run whose quarantine it came from. */
  readonly retryOf?: string | null;
  /** On a retry file: the uploads its rows came from (so planning need not read the file). */
  readonly retryOrigins?: readonly string[];
  readonly eventIds?: FileEventIds;
  readonly traceparent: string;
  readonly updatedAt: string;
}
