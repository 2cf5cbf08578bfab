import { PendingText } from '../pending-text';

export interface CsvScannerOptions {
  /** One character. */
  readonly delimiter: string;
  /** One character; a quote inside a quoted field is written twice (RFC 4180). */
  readonly quote: string;
  /** `\n` ends LF and CRLF lines (the CR is dropped); `\r` is for files using bare CR. */
  readonly newline: '\n' | '\r';
  /** What an empty cell (`,,` or `,"",`) becomes; null by default, like DuckDB. */
  readonly emptyValue?: null | '';
}

export interface CsvRow {
  readonly fields: (string | null)[];
  /** 1-based line where the row starts. */
  readonly line: number;
  /** Set when the row is malformed (unterminated quote, text after a closing quote). */
  readonly error: string | undefined;
}

const INCOMPLETE = -1;
const LF = 10;
const CR = 13;

/**
 * An incremental RFC 4180 scanner: feed text chunks, get the complete rows found so far.
 * Unquoted fields are found with `indexOf` (with cached positions of the next delimiter and
 * newline), which is what makes it fast. A row cut by a chunk boundary is scanned again later
 * (see `PendingText`). Blank lines are skipped. A quote inside an unquoted
 * field is kept as text.
 */
export class CsvScanner {
  private readonly delimiter: string;
  private readonly quote: string;
  private readonly quoteCode: number;
  private readonly delimiterCode: number;
  private readonly newline: string;
  private readonly newlineCode: number;
  private readonly dropsCr: boolean;
  private readonly emptyValue: null | '';

  private readonly pending = new PendingText();
  private line = 1;
  private quotedNewlineSeen = false;

  private text = '';
  private delimiterAt = -1;
  private newlineAt = -1;
  private rowFields: (string | null)[] = [];
  private rowLineBreaks = 0;
  private rowError: string | undefined;

  constructor(options: CsvScannerOptions) {
    this.delimiter = options.delimiter;
    this.quote = options.quote;
    this.delimiterCode = options.delimiter.charCodeAt(0);
    this.quoteCode = options.quote.charCodeAt(0);
    this.newline = options.newline;
    this.newlineCode = options.newline.charCodeAt(0);
    this.dropsCr = options.newline === '\n';
    this.emptyValue = options.emptyValue === '' ? '' : null;
  }

  /** Whether a quoted field spanning several lines was seen. */
  get quotedNewlines(): boolean {
    return this.quotedNewlineSeen;
  }

  push(chunk: string): CsvRow[] {
    const text = this.pending.add(chunk);
    return text === undefined ? [] : this.scan(text, false);
  }

  /** The rows left once the input ended (a last line without a line break, an unterminated quote). */
  finish(): CsvRow[] {
    return this.scan(this.pending.rest(), true);
  }

  private scan(text: string, final: boolean): CsvRow[] {
    this.text = text;
    this.delimiterAt = -1;
    this.newlineAt = -1;
    const rows: CsvRow[] = [];
    const length = text.length;
    let pos = 0;
    while (pos < length) {
      const blankEnd = this.blankLineEnd(pos, final);
      if (blankEnd === INCOMPLETE) break;
      if (blankEnd > pos) {
        pos = blankEnd;
        this.line++;
        continue;
      }
      const end = this.scanRow(pos, final);
      if (end === INCOMPLETE) break;
      rows.push({ fields: this.rowFields, line: this.line, error: this.rowError });
      this.line += this.rowLineBreaks;
      pos = end;
    }
    this.pending.keep(text, pos);
    this.text = '';
    return rows;
  }

  /** End of the blank line starting at `pos`, `pos` itself when the line is not blank. */
  private blankLineEnd(pos: number, final: boolean): number {
    const code = this.text.charCodeAt(pos);
    if (code === this.newlineCode) return pos + 1;
    if (code === CR && this.dropsCr) {
      if (pos + 1 >= this.text.length) return final ? pos + 1 : INCOMPLETE;
      if (this.text.charCodeAt(pos + 1) === LF) return pos + 2;
    }
    return pos;
  }

  private nextDelimiter(from: number): number {
    if (this.delimiterAt < from) {
      const at = this.text.indexOf(this.delimiter, from);
      this.delimiterAt = at === -1 ? this.text.length : at;
    }
    return this.delimiterAt;
  }

  private nextNewline(from: number): number {
    if (this.newlineAt < from) {
      const at = this.text.indexOf(this.newline, from);
      this.newlineAt = at === -1 ? this.text.length : at;
    }
    return this.newlineAt;
  }

  /** Scans the row starting at `start`; returns the position after its line break. */
  private scanRow(start: number, final: boolean): number {
    const text = this.text;
    const length = text.length;
    const fields: (string | null)[] = [];
    let lineBreaks = 0;
    let error: string | undefined;
    let i = start;
    // Text after a closing quote is appended to the quoted field, and the row flagged.
    let continuation: string | undefined;

    for (;;) {
      if (continuation === undefined && i < length && text.charCodeAt(i) === this.quoteCode) {
        const openedOnLine = this.line + lineBreaks;
        let value = '';
        let from = i + 1;
        let closed = false;
        for (;;) {
          const at = text.indexOf(this.quote, from);
          if (at === -1) {
            if (!final) return INCOMPLETE;
            lineBreaks += this.countLineBreaks(from, length);
            value += text.slice(from);
            error ??= `unterminated quoted field opened on line ${openedOnLine}`;
            i = length;
            break;
          }
          lineBreaks += this.countLineBreaks(from, at);
          value += text.slice(from, at);
          if (at + 1 >= length && !final) return INCOMPLETE;
          if (at + 1 < length && text.charCodeAt(at + 1) === this.quoteCode) {
            value += this.quote;
            from = at + 2;
            continue;
          }
          i = at + 1;
          closed = true;
          break;
        }
        if (!closed || i >= length) {
          fields.push(this.cell(value));
          return this.endRow(fields, lineBreaks, error, length);
        }
        const next = text.charCodeAt(i);
        if (next === this.delimiterCode) {
          fields.push(this.cell(value));
          i++;
          continue;
        }
        if (next === this.newlineCode) {
          fields.push(this.cell(value));
          return this.endRow(fields, lineBreaks + 1, error, i + 1);
        }
        if (next === CR && this.dropsCr) {
          if (i + 1 >= length) {
            if (!final) return INCOMPLETE;
            fields.push(this.cell(value));
            return this.endRow(fields, lineBreaks, error, length);
          }
          if (text.charCodeAt(i + 1) === LF) {
            fields.push(this.cell(value));
            return this.endRow(fields, lineBreaks + 1, error, i + 2);
          }
        }
        error ??= `unexpected character ${JSON.stringify(text[i])} after the closing quote of field ${fields.length + 1}`;
        continuation = value;
      }

      let newlineAt = this.nextNewline(i);
      if (newlineAt === length && !final) return INCOMPLETE;
      const delimiterAt = this.nextDelimiter(i);
      if (delimiterAt < newlineAt) {
        fields.push(this.cell(joinContinuation(continuation, text.slice(i, delimiterAt))));
        continuation = undefined;
        i = delimiterAt + 1;
        continue;
      }
      let fieldEnd = newlineAt;
      if (this.dropsCr && fieldEnd > i && text.charCodeAt(fieldEnd - 1) === CR) fieldEnd--;
      fields.push(this.cell(joinContinuation(continuation, text.slice(i, fieldEnd))));
      if (newlineAt === length) return this.endRow(fields, lineBreaks, error, length);
      newlineAt++;
      return this.endRow(fields, lineBreaks + 1, error, newlineAt);
    }
  }

  private cell(value: string): string | null {
    return value.length === 0 ? this.emptyValue : value;
  }

  private endRow(
    fields: (string | null)[],
    lineBreaks: number,
    error: string | undefined,
    end: number,
  ): number {
    this.rowFields = fields;
    this.rowLineBreaks = lineBreaks;
    this.rowError = error;
    return end;
  }

  private countLineBreaks(from: number, to: number): number {
    let count = 0;
    for (let at = this.nextNewline(from); at < to; at = this.nextNewline(at + 1)) count++;
    if (count > 0) this.quotedNewlineSeen = true;
    return count;
  }
}

function joinContinuation(continuation: string | undefined, text: string): string {
  return continuation === undefined ? text : continuation + text;
}
