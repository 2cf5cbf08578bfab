import type { FileRecord, FileStatus, SchemaStatus } from '@tributary/contracts';

/** What a client sees of a file: its lifecycle, never internal ids beyond its own. */
export interface FileStatusView {
  readonly fileId: string;
  readonly sourceId: string;
  readonly status: FileStatus;
  readonly fileName: string;
  readonly key: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly landedAt: string;
  readonly updatedAt: string;
  readonly schemaVersion: number | null;
  /** Status of that schema version now: BREAKING means the file waits for a person's decision. */
  readonly schemaStatus: SchemaStatus | null;
  readonly runId: string | null;
  readonly reason: string | null;
  /** Rows in the file: records read plus rows that could not be read (`rowErrors`). */
  readonly rowCount: number | null;
  readonly rowErrors: number | null;
  readonly format: string | null;
  /** How the file was decoded, why (`byte-order-mark`, `declared`, `detected`, `guessed`), in words. */
  readonly encoding: string | null;
  readonly encodingBasis: string | null;
  readonly encodingNote: string | null;
  /** The charset the upload declared, if it did. */
  readonly charset: string | null;
  readonly deadLetterKey: string | null;
}

export function toFileStatusView(
  file: FileRecord,
  schemaStatus: SchemaStatus | null,
): FileStatusView {
  return {
    fileId: file.fileId,
    sourceId: file.sourceId,
    status: file.status,
    fileName: file.fileName,
    key: file.key,
    bytes: file.bytes,
    sha256: file.sha256,
    landedAt: file.landedAt,
    updatedAt: file.updatedAt,
    schemaVersion: file.schemaVersion,
    schemaStatus,
    runId: file.runId,
    reason: file.reason,
    rowCount: file.rowCount,
    rowErrors: file.profile?.rowErrors ?? null,
    format: file.format,
    encoding: file.profile?.encoding ?? null,
    encodingBasis: file.profile?.encodingBasis ?? null,
    encodingNote: file.profile?.encodingNote ?? null,
    charset: file.charset ?? null,
    deadLetterKey: file.deadLetterKey,
  };
}
