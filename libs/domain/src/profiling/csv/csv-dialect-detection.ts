import type { CsvDialect, LineEnding } from '../../records/file-format';
import { CsvScanner } from './csv-scanner';
import { detectHeader } from './header-detection';

export const CSV_DELIMITERS: readonly CsvDialect['delimiter'][] = [',', '\t', ';', '|'];
export const CSV_QUOTES: readonly CsvDialect['quote'][] = ['"', "'"];

/** Rows of the sample compared when choosing a dialect. */
const MAX_SAMPLE_ROWS = 200;

/** Parts of the dialect a caller already knows (per source configuration). */
export type CsvDialectOverrides = Partial<Pick<CsvDialect, 'delimiter' | 'quote' | 'header'>>;

export interface CsvLayout {
  readonly dialect: CsvDialect;
  /** Fields per row most often seen in the sample (the column count of a file without header). */
  readonly fieldCount: number;
}

interface Candidate {
  readonly delimiter: CsvDialect['delimiter'];
  readonly quote: CsvDialect['quote'];
  readonly rows: (string | null)[][];
  readonly fieldCount: number;
  readonly score: number;
}

export function newlineOf(lineEnding: LineEnding): '\n' | '\r' {
  return lineEnding === 'CR' ? '\r' : '\n';
}

/** The first line break of the sample decides; no line break at all reads as LF. */
export function detectLineEnding(sample: string): LineEnding {
  const lf = sample.indexOf('\n');
  const cr = sample.indexOf('\r');
  if (cr === -1 || (lf !== -1 && lf < cr)) return 'LF';
  return sample.charCodeAt(cr + 1) === 10 ? 'CRLF' : 'CR';
}

/**
 * Chooses delimiter and quote from a sample: every candidate pair parses the sample, and the one
 * whose rows most consistently have the same number (≥ 2) of fields wins, malformed rows
 * counting against it. Ties go to the declared format's delimiter (tab for TSV, else comma),
 * then the double quote. A sample where no candidate splits rows (one column) keeps the
 * preferred delimiter.
 */
export function detectCsvDialect(
  sample: string,
  complete: boolean,
  options: { readonly preferTab?: boolean; readonly overrides?: CsvDialectOverrides } = {},
): CsvLayout {
  const overrides = options.overrides ?? {};
  const preferred: CsvDialect['delimiter'] = options.preferTab === true ? '\t' : ',';
  const lineEnding = detectLineEnding(sample);
  const delimiters = overrides.delimiter === undefined ? CSV_DELIMITERS : [overrides.delimiter];
  const quotes = overrides.quote === undefined ? CSV_QUOTES : [overrides.quote];

  let best: Candidate | undefined;
  for (const delimiter of orderedDelimiters(delimiters, preferred)) {
    for (const quote of quotes) {
      const candidate = scoreCandidate(sample, complete, delimiter, quote, newlineOf(lineEnding));
      if (best === undefined || candidate.score > best.score) best = candidate;
    }
  }
  const chosen = best ?? scoreCandidate(sample, complete, preferred, '"', newlineOf(lineEnding));
  const fallback = chosen.score === 0 && overrides.delimiter === undefined;
  const delimiter = fallback ? preferred : chosen.delimiter;
  const quote = fallback ? (overrides.quote ?? '"') : chosen.quote;
  const rows = fallback
    ? scoreCandidate(sample, complete, delimiter, quote, newlineOf(lineEnding)).rows
    : chosen.rows;
  return {
    dialect: {
      delimiter,
      quote,
      header: overrides.header ?? detectHeader(rows),
      lineEnding,
      quotedNewlines: false,
    },
    fieldCount: fallback ? 1 : Math.max(1, chosen.fieldCount),
  };
}

function orderedDelimiters(
  delimiters: readonly CsvDialect['delimiter'][],
  preferred: CsvDialect['delimiter'],
): CsvDialect['delimiter'][] {
  return [...delimiters].sort((a, b) => Number(b === preferred) - Number(a === preferred));
}

function scoreCandidate(
  sample: string,
  complete: boolean,
  delimiter: CsvDialect['delimiter'],
  quote: CsvDialect['quote'],
  newline: '\n' | '\r',
): Candidate {
  const scanner = new CsvScanner({ delimiter, quote, newline });
  const scanned = scanner.push(sample);
  if (complete) scanned.push(...scanner.finish());
  const sampleRows = scanned.slice(0, MAX_SAMPLE_ROWS);
  const frequency = new Map<number, number>();
  for (const row of sampleRows)
    frequency.set(row.fields.length, (frequency.get(row.fields.length) ?? 0) + 1);
  let fieldCount = 0;
  let rowsWithIt = 0;
  for (const [count, rows] of frequency) {
    if (rows > rowsWithIt || (rows === rowsWithIt && count > fieldCount)) {
      fieldCount = count;
      rowsWithIt = rows;
    }
  }
  const malformed = sampleRows.filter((row) => row.error !== undefined).length;
  const score =
    fieldCount >= 2 && sampleRows.length > 0
      ? Math.max(0, rowsWithIt - malformed) / sampleRows.length
      : 0;
  return { delimiter, quote, rows: sampleRows.map((row) => row.fields), fieldCount, score };
}
