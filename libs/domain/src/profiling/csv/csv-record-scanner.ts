import type { CsvDialect } from '../../records/file-format';
import type { ReaderItem, RecordValues } from '../../records/record-item';
import { setRecordValue } from '../../records/set-record-value';
import { FileParseError } from '../file-parse.error';
import type { ItemScanner } from '../item-scanner';
import { type CsvLayout, newlineOf } from './csv-dialect-detection';
import { type CsvRow, CsvScanner } from './csv-scanner';

/** Column names of a file without header: `column_1` … */
export function numberedColumns(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `column_${i + 1}`);
}

/**
 * Field names from a header row: trimmed; an empty cell is `column_<n>`; a repeated name gets
 * `_2`, `_3` … (the first free one), so every name is distinct.
 */
export function headerNames(cells: readonly (string | null)[]): string[] {
  const taken = new Set<string>();
  return cells.map((cell, i) => {
    const trimmed = (cell ?? '').trim();
    const base = trimmed.length === 0 ? `column_${i + 1}` : trimmed;
    let name = base;
    for (let suffix = 2; taken.has(name); suffix++) name = `${base}_${suffix}`;
    taken.add(name);
    return name;
  });
}

/**
 * CSV/TSV rows to records keyed by the header (or `column_<n>`). A row with more or fewer
 * fields than the header, or a malformed one, is a row error; reading goes on.
 */
export class CsvRecordScanner implements ItemScanner {
  private readonly scanner: CsvScanner;
  private readonly header: boolean;
  private columns: string[] | undefined;
  private safeKeys = true;
  private position = 0;

  constructor(layout: CsvLayout, options: { readonly emptyValue?: null | '' } = {}) {
    const { dialect } = layout;
    this.scanner = new CsvScanner({
      delimiter: dialect.delimiter,
      quote: dialect.quote,
      newline: newlineOf(dialect.lineEnding),
      ...(options.emptyValue === undefined ? {} : { emptyValue: options.emptyValue }),
    });
    this.header = dialect.header;
    if (!dialect.header) this.useColumns(numberedColumns(layout.fieldCount));
  }

  /** Field names, once the header was read (at once for a file without header). */
  get columnNames(): readonly string[] | undefined {
    return this.columns;
  }

  dialect(detected: CsvDialect): CsvDialect {
    return { ...detected, quotedNewlines: this.scanner.quotedNewlines };
  }

  push(text: string): ReaderItem[] {
    return this.toItems(this.scanner.push(text));
  }

  finish(): ReaderItem[] {
    return this.toItems(this.scanner.finish());
  }

  private useColumns(columns: string[]): void {
    this.columns = columns;
    this.safeKeys = !columns.includes('__proto__');
  }

  private toItems(rows: readonly CsvRow[]): ReaderItem[] {
    const items: ReaderItem[] = [];
    for (const row of rows) {
      const columns = this.columns;
      if (columns === undefined) {
        if (row.error !== undefined)
          throw new FileParseError(`malformed header row: ${row.error}`, { line: row.line });
        this.useColumns(headerNames(row.fields));
        continue;
      }
      const position = ++this.position;
      const { fields, line } = row;
      if (row.error !== undefined) {
        items.push({ kind: 'error', position, line, error: row.error, original: fields });
      } else if (fields.length !== columns.length) {
        const expected = this.header ? 'the header has' : 'the first rows have';
        items.push({
          kind: 'error',
          position,
          line,
          error: `row has ${fields.length} fields, ${expected} ${columns.length}`,
          original: fields,
        });
      } else {
        items.push({
          kind: 'record',
          position,
          line,
          values: this.toValues(columns, fields),
          cells: fields,
        });
      }
    }
    return items;
  }

  private toValues(columns: readonly string[], fields: readonly (string | null)[]): RecordValues {
    const values: RecordValues = {};
    if (this.safeKeys) {
      for (let i = 0; i < columns.length; i++) values[columns[i] as string] = fields[i];
    } else {
      for (let i = 0; i < columns.length; i++)
        setRecordValue(values, columns[i] as string, fields[i]);
    }
    return values;
  }
}
