/** How a file's records are laid out. */
export type DataFormat = 'csv' | 'tsv' | 'json-array' | 'json-object' | 'ndjson';

/** Text encodings the readers recognise (WHATWG labels). */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * Why a file was decoded as it was: a byte-order mark, the charset the upload declared, the
 * bytes themselves (valid UTF-8, or UTF-16 without a mark), or a guess (bytes that are not valid
 * UTF-8 are read as windows-1252, from the first such byte on).
 */
export type EncodingBasis = 'byte-order-mark' | 'declared' | 'detected' | 'guessed';

export type LineEnding = 'LF' | 'CRLF' | 'CR';

/** How a delimited text file is written. */
export interface CsvDialect {
  readonly delimiter: ',' | '\t' | ';' | '|';
  /** Quotes are escaped by doubling them (RFC 4180). */
  readonly quote: '"' | "'";
  readonly header: boolean;
  /** The first line break seen; files mixing LF and CRLF are read fine. */
  readonly lineEnding: LineEnding;
  /** Whether any quoted field seen so far spans several lines. */
  readonly quotedNewlines: boolean;
}

/** CSV and TSV cells are text; JSON values keep their JSON type. */
export type ValueSyntax = 'text' | 'json';

export function valueSyntaxOf(format: DataFormat): ValueSyntax {
  return format === 'csv' || format === 'tsv' ? 'text' : 'json';
}
