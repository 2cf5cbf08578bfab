import type { FieldType } from '@tributary/contracts';
import type { InferredSchema } from '../inference/inferred-schema';
import { SchemaAccumulator } from '../inference/schema-accumulator';
import type { CsvDialectOverrides } from './csv/csv-dialect-detection';
import { openRecordReader } from './open-record-reader';

export interface ProfileOptions {
  /** The declared content type of the upload. */
  readonly contentType?: string;
  /** The charset the upload declared, if any. */
  readonly charset?: string | null;
  /** Field name → pinned type (a zip code stays a string). */
  readonly hints?: Readonly<Record<string, FieldType>>;
  /** Dialect parts known in advance for CSV/TSV sources. */
  readonly dialect?: CsvDialectOverrides;
}

/**
 * Profiles a whole file in one pass with flat memory: format, encoding, dialect, schema, per-field
 * statistics and row errors. Raises `FileParseError` when the file cannot be read at all.
 */
export async function profileStream(
  chunks: AsyncIterable<Uint8Array>,
  options: ProfileOptions = {},
): Promise<InferredSchema> {
  const reader = await openRecordReader(chunks, {
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
    ...(options.charset ? { charset: options.charset } : {}),
    ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
  });
  const accumulator = new SchemaAccumulator({
    format: reader.format,
    ...(options.hints === undefined ? {} : { hints: options.hints }),
  });
  let declared = false;
  for await (const batch of reader.batches()) {
    if (!declared && reader.columns !== undefined) {
      accumulator.declareFields(reader.columns);
      declared = true;
    }
    for (const item of batch) accumulator.add(item);
  }
  if (!declared && reader.columns !== undefined) accumulator.declareFields(reader.columns);
  const dialect = reader.dialect;
  return accumulator.toInferredSchema({
    encoding: reader.encoding,
    encodingBasis: reader.encodingBasis,
    encodingNote: reader.encodingNote,
    ...(dialect === undefined ? {} : { dialect }),
  });
}
