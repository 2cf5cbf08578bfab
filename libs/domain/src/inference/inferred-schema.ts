import type { FieldStats, SchemaFields } from '@tributary/contracts';
import type {
  CsvDialect,
  DataFormat,
  EncodingBasis,
  TextEncodingName,
} from '../records/file-format';

export interface RowErrorSummary {
  readonly position: number;
  readonly line: number;
  readonly reason: string;
}

/** What profiling learned about one file. */
export interface InferredSchema {
  readonly format: DataFormat;
  readonly encoding: TextEncodingName;
  /** Why the file was decoded so (a byte-order mark, the declared charset, detected, guessed). */
  readonly encodingBasis: EncodingBasis;
  /** The same in words, with its evidence (e.g. the first byte that was not valid UTF-8). */
  readonly encodingNote: string;
  readonly dialect?: CsvDialect;
  /** Records read (rows with errors excluded). */
  readonly rowCount: number;
  readonly rowErrors: { readonly count: number; readonly first: readonly RowErrorSummary[] };
  readonly fields: SchemaFields;
  /** Field name → statistics of its values in this file. */
  readonly stats: Readonly<Record<string, FieldStats>>;
}
