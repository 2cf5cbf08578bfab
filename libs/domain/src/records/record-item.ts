/** A record's values: field name → string/null (CSV) or JSON value (numbers as `JsonNumber`). */
export type RecordValues = Record<string, unknown>;

/** One record read from a file. */
export interface ParsedRecord {
  readonly kind: 'record';
  /** 1-based position of the row among the file's data rows (header and blank lines excluded). */
  readonly position: number;
  /** 1-based line of the file where the row starts. */
  readonly line: number;
  readonly values: RecordValues;
  /** CSV/TSV only: the row's cells in column order (the reader's `columns`), same values as `values`. */
  readonly cells?: readonly (string | null)[];
}

/** A row that could not be turned into a record; the rest of the file is still read. */
export interface RowError {
  readonly kind: 'error';
  readonly position: number;
  readonly line: number;
  /** Why the row could not be read, for a person. */
  readonly error: string;
  /** The row as read: its fields (CSV) or its text (JSON). */
  readonly original: readonly (string | null)[] | string;
}

export type ReaderItem = ParsedRecord | RowError;
