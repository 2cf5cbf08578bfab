import type {
  CsvDialect,
  DataFormat,
  EncodingBasis,
  TextEncodingName,
} from '../records/file-format';
import { encodingOfCharset } from './encoding/detect-encoding';
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
  /** The charset the upload declared (`windows-1252`, `utf-8` …); a byte-order mark still wins. */
  readonly charset?: string | null;
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
  /** Why that encoding, final once the records were read; with its evidence in words. */
  readonly encodingBasis: EncodingBasis;
  readonly encodingNote: string;
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
  const declared = options.charset ? encodingOfCharset(options.charset) : undefined;
  const sample = await readFileSample(source, declared);
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
    get encodingBasis() {
      return decoder.fallbackByteOffset === undefined ? sample.encoding.basis : 'guessed';
    },
    get encodingNote() {
      return encodingNote(sample.encoding.basis, decoder, options.charset);
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

function encodingNote(
  basis: EncodingBasis,
  decoder: TextChunkDecoder,
  charset: string | null | undefined,
): string {
  const fallback = decoder.fallbackByteOffset;
  if (fallback !== undefined)
    return `guessed: byte ${fallback} is not valid UTF-8${basis === 'declared' ? ` although the upload declared charset=${charset}` : ''}; read as windows-1252 from there`;
  switch (basis) {
    case 'byte-order-mark':
      return `${decoder.encoding} byte-order mark`;
    case 'declared':
      return `declared by the upload: charset=${charset}`;
    case 'detected':
      return decoder.encoding === 'utf-8'
        ? 'detected: every byte is valid UTF-8'
        : `detected: ${decoder.encoding} without a byte-order mark`;
    case 'guessed':
      return 'guessed: the first bytes are not valid UTF-8; read as windows-1252';
  }
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
