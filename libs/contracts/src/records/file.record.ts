export const FILE_STATUS = [
  'LANDED',
  'PROFILED',
  'DEAD_LETTERED',
  'PROMOTED',
  'QUARANTINED',
] as const;
export type FileStatus = (typeof FILE_STATUS)[number];

/** One item per accepted upload in the files ledger. */
export interface FileRecord {
  readonly sourceId: string;
  readonly fileId: string;
  readonly key: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly contentEncoding: string | null;
  readonly bytes: number;
  readonly sha256: string;
  readonly landingDate: string;
  readonly landedAt: string;
  readonly status: FileStatus;
  readonly schemaVersion: number | null;
  readonly runId: string | null;
  readonly reason: string | null;
  readonly rowCount: number | null;
  readonly format: string | null;
  readonly deadLetterKey: string | null;
  readonly traceparent: string;
  readonly updatedAt: string;
}
