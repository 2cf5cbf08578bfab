import { describeJsonValue, isJsonObject } from '../../records/json-value';
import type { ReaderItem } from '../../records/record-item';
import type { ItemScanner } from '../item-scanner';
import { PendingText } from '../pending-text';
import { JsonSyntaxError, JsonValueParser } from './json-value-parser';
import { skipJsonWhitespace } from './json-whitespace';

/**
 * Newline-delimited JSON: one object per line, blank lines skipped. Lines are independent, so a
 * malformed line is a row error (with its column) and reading goes on with the next line.
 */
export class NdjsonScanner implements ItemScanner {
  private readonly pending = new PendingText();
  private readonly parser = new JsonValueParser();
  private line = 0;
  private position = 0;

  push(chunk: string): ReaderItem[] {
    const text = this.pending.add(chunk);
    return text === undefined ? [] : this.scan(text, false);
  }

  finish(): ReaderItem[] {
    return this.scan(this.pending.rest(), true);
  }

  private scan(text: string, final: boolean): ReaderItem[] {
    const items: ReaderItem[] = [];
    const length = text.length;
    let pos = 0;
    while (pos < length) {
      let end = text.indexOf('\n', pos);
      if (end === -1) {
        if (!final) break;
        end = length;
      }
      this.line++;
      this.readLine(text, pos, end, items);
      pos = end + 1;
    }
    this.pending.keep(text, pos);
    return items;
  }

  private readLine(text: string, start: number, lineEnd: number, items: ReaderItem[]): void {
    const end = lineEnd > start && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const first = skipJsonWhitespace(text, start, end);
    if (first === end) return;
    const position = ++this.position;
    const line = this.line;
    const rowError = (reason: string): ReaderItem => ({
      kind: 'error',
      position,
      line,
      error: reason,
      original: text.slice(start, end),
    });
    let value: unknown;
    try {
      value = this.parser.parse(text, first, end, true);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      items.push(
        rowError(
          `malformed JSON at line ${line}, column ${error.offset - start + 1}: ${error.message}`,
        ),
      );
      return;
    }
    const after = skipJsonWhitespace(text, this.parser.position, end);
    if (after < end) {
      items.push(
        rowError(
          `unexpected data after the JSON value at line ${line}, column ${after - start + 1}`,
        ),
      );
    } else if (!isJsonObject(value)) {
      items.push(rowError(`line ${line} holds ${describeJsonValue(value)}, expected an object`));
    } else {
      items.push({ kind: 'record', position, line, values: value });
    }
  }
}
