import type { DataFormat } from '../records/file-format';
import {
  type CsvDialectOverrides,
  type CsvLayout,
  detectCsvDialect,
} from './csv/csv-dialect-detection';
import { declaredFormat } from './content-type';
import { FileParseError } from './file-parse.error';
import { JsonSyntaxError, JsonValueParser, NEEDS_MORE_INPUT } from './json/json-value-parser';
import { skipJsonWhitespace } from './json/json-whitespace';

export interface DetectedFormat {
  readonly format: DataFormat;
  /** For CSV and TSV. */
  readonly csv?: CsvLayout;
}

/**
 * Decides the layout from the declared content type and the first decoded characters:
 * - JSON, NDJSON or an unknown type whose text starts with `[` → a JSON array; with `{` → NDJSON
 *   when a second value follows the first on a later line and the first fits on one line
 *   (always for a declared NDJSON type), else a single JSON object;
 * - a declared JSON type starting with anything else is a `FileParseError`;
 * - everything else is delimited text, dialect sniffed (a tab delimiter makes it TSV).
 * An empty (or whitespace-only) file takes the declared format and has zero records.
 */
export function detectFormat(
  contentType: string | undefined,
  sample: string,
  complete: boolean,
  overrides?: CsvDialectOverrides,
): DetectedFormat {
  const declared = declaredFormat(contentType);
  const start = skipJsonWhitespace(sample, 0);
  const first = sample[start];
  const jsonFamily = declared === 'json' || declared === 'ndjson';
  if (first === undefined && complete && jsonFamily) {
    return { format: declared === 'ndjson' ? 'ndjson' : 'json-array' };
  }
  if ((jsonFamily || declared === 'unknown') && (first === '[' || first === '{')) {
    if (first === '[') return { format: 'json-array' };
    return { format: declared === 'ndjson' ? 'ndjson' : objectLayout(sample, start, complete) };
  }
  if (jsonFamily && first !== undefined) {
    const line = sample.slice(0, start).split('\n').length;
    throw new FileParseError(
      `declared ${contentType ?? ''} but the content starts with ${JSON.stringify(first)}, not '{' or '['`,
      { line, column: start - sample.lastIndexOf('\n', start - 1) },
    );
  }
  const csv = detectCsvDialect(sample, complete, {
    preferTab: declared === 'tsv',
    ...(overrides === undefined ? {} : { overrides }),
  });
  return { format: csv.dialect.delimiter === '\t' ? 'tsv' : 'csv', csv };
}

function objectLayout(sample: string, start: number, complete: boolean): 'ndjson' | 'json-object' {
  const parser = new JsonValueParser();
  try {
    parser.parse(sample, start, sample.length, complete);
  } catch (error) {
    if (error === NEEDS_MORE_INPUT || error instanceof JsonSyntaxError) return 'json-object';
    throw error;
  }
  const end = parser.position;
  const singleLine = !sample.slice(start, end).includes('\n');
  const next = skipJsonWhitespace(sample, end);
  if (next < sample.length)
    return singleLine && sample.slice(end, next).includes('\n') ? 'ndjson' : 'json-object';
  return complete || !singleLine ? 'json-object' : 'ndjson';
}
