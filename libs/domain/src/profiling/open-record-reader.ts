import type { CsvDialect, DataFormat, TextEncodingName } from '../records/file-format';
import type { ReaderItem } from '../records/record-item';
import { ChunkSource } from './chunk-source';
import type { CsvDialectOverrides } from './csv/csv-dialect-detection';
import { CsvRecordScanner } from './csv/csv-record-scanner';
import { detectFormat } from './detect-format';
import { readFileSample } from './file-sample';
import { TextChunkDecoder } from './encoding/text-chunk-decoder';
import { type ItemScanner, scanTexts } from './item-scanner';
import { JsonArrayScanner } from './json/json-array-scanner';
import { JsonObjectScanner } from './json/json-object-scanner';
import { NdjsonScanner } from './json/ndjson-scanner';

export interface RecordReaderOptions {
  /** The declared content type of the upload (`text/csv`, `application/x-ndjson` …). */
  readonly contentType?: string;
  /** Dialect parts known in advance; the rest is detected. */
  readonly dialect?: CsvDialectOverrides;
  /** What an empty CSV cell becomes: null (default, as DuckDB reads it) or ''. */
  readonly emptyCsvValue?: null | '';
}

/** A file's records, read once, with what was detected about the file. */
export interface RecordReader extends AsyncIterable<ReaderItem> {
  readonly format: DataFormat;
  /** Final once the records were read: UTF-8 may fall back to windows-1252 mid-file. */
  readonly encoding: TextEncodingName;
  /** CSV/TSV only; `quotedNewlines` is final once the records were read. */
  readonly dialect: CsvDialect | undefined;
  /** Field names of a CSV/TSV file once its header was read; undefined for JSON. */
  readonly columns: readonly string[] | undefined;
  /** The records in batches (one per chunk), which is cheaper to iterate than one by one. */
  batches(): AsyncIterable<readonly ReaderItem[]>;
}

/**
 * Opens a file given as byte chunks (gzip already removed): detects encoding, format and
 * dialect from the first bytes, then streams records. Raises `FileParseError` for content that
 * cannot be read at all (binary, malformed JSON, a structure that is not records).
 */
export async function openRecordReader(
  chunks: AsyncIterable<Uint8Array>,
  options: RecordReaderOptions = {},
): Promise<RecordReader> {
  const source = new ChunkSource(chunks);
  const sample = await readFileSample(source);
  const { format, csv } = detectFormat(
    options.contentType,
    sample.text,
    sample.complete,
    options.dialect,
  );

  const decoder = new TextChunkDecoder(sample.encoding.encoding, sample.encoding.bomLength);
  const csvScanner =
    csv === undefined
      ? undefined
      : new CsvRecordScanner(
          csv,
          options.emptyCsvValue === undefined ? {} : { emptyValue: options.emptyCsvValue },
        );
  const scanner: ItemScanner = csvScanner ?? jsonScanner(format);
  let started = false;

  const batches = (): AsyncIterable<readonly ReaderItem[]> => {
    if (started) throw new Error('a RecordReader can only be read once');
    started = true;
    return scanTexts(decodeAll(source, decoder), scanner);
  };

  return {
    format,
    get encoding() {
      return decoder.encoding;
    },
    get dialect() {
      return csv === undefined || csvScanner === undefined
        ? undefined
        : csvScanner.dialect(csv.dialect);
    },
    get columns() {
      return csvScanner?.columnNames;
    },
    batches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

function jsonScanner(format: DataFormat): ItemScanner {
  if (format === 'ndjson') return new NdjsonScanner();
  if (format === 'json-object') return new JsonObjectScanner();
  return new JsonArrayScanner();
}

async function* decodeAll(source: ChunkSource, decoder: TextChunkDecoder): AsyncGenerator<string> {
  for await (const chunk of source.chunks()) {
    const text = decoder.decode(chunk);
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}
