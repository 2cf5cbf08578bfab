import type { FieldStats, SchemaFields } from '@tributary/contracts';
import type { CsvDialect, DataFormat, TextEncodingName } from '../records/file-format';

export interface RowErrorSummary {
  readonly position: number;
  readonly line: number;
  readonly reason: string;
}

/** What profiling learned about one file. */
export interface InferredSchema {
  readonly format: DataFormat;
  readonly encoding: TextEncodingName;
  readonly dialect?: CsvDialect;
  /** Records read (rows with errors excluded). */
  readonly rowCount: number;
  readonly rowErrors: { readonly count: number; readonly first: readonly RowErrorSummary[] };
  readonly fields: SchemaFields;
  /** Field name → statistics of its values in this file. */
  readonly stats: Readonly<Record<string, FieldStats>>;
}
