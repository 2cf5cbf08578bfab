import { describeJsonValue, isJsonObject } from '../../records/json-value';
import type { ReaderItem } from '../../records/record-item';
import { FileParseError } from '../file-parse.error';
import type { ItemScanner } from '../item-scanner';
import { LinePosition } from '../line-position';
import { PendingText } from '../pending-text';
import { JsonSyntaxError, JsonValueParser, NEEDS_MORE_INPUT } from './json-value-parser';
import { skipJsonWhitespace } from './json-whitespace';

type Phase = 'open' | 'first' | 'element' | 'separator' | 'closed';

/**
 * Streams a top-level JSON array element by element: memory holds one element (plus a chunk),
 * whatever the file size. Each element that is an object is a record; any other element is a
 * row error. Malformed JSON anywhere is a `FileParseError` with its line and column.
 */
export class JsonArrayScanner implements ItemScanner {
  private readonly pending = new PendingText();
  private readonly lines = new LinePosition();
  private readonly parser = new JsonValueParser();
  private phase: Phase = 'open';
  private position = 0;

  push(chunk: string): ReaderItem[] {
    const text = this.pending.add(chunk);
    return text === undefined ? [] : this.scan(text, false);
  }

  finish(): ReaderItem[] {
    return this.scan(this.pending.rest(), true);
  }

  private scan(text: string, final: boolean): ReaderItem[] {
    this.lines.begin(text);
    const items: ReaderItem[] = [];
    let pos = 0;
    for (;;) {
      pos = skipJsonWhitespace(text, pos);
      if (pos >= text.length) break;
      const code = text.charCodeAt(pos);
      if (this.phase === 'open') {
        if (code !== 91)
          throw this.fail(
            `expected '[' to open the top-level array, found ${quote(text, pos)}`,
            pos,
          );
        this.phase = 'first';
        pos++;
      } else if (this.phase === 'first' && code === 93) {
        this.phase = 'closed';
        pos++;
      } else if (this.phase === 'first' || this.phase === 'element') {
        const end = this.parseElement(text, pos, final, items);
        if (end === undefined) break;
        pos = end;
        this.phase = 'separator';
      } else if (this.phase === 'separator') {
        if (code !== 44 && code !== 93) {
          throw this.fail(
            `expected ',' or ']' after array element ${this.position}, found ${quote(text, pos)}`,
            pos,
          );
        }
        this.phase = code === 44 ? 'element' : 'closed';
        pos++;
      } else {
        throw this.fail(`unexpected ${quote(text, pos)} after the end of the top-level array`, pos);
      }
    }
    // 'open' at the end means the file held only whitespace: an empty file, zero records.
    if (final && this.phase !== 'closed' && this.phase !== 'open') {
      throw this.fail('the file ends before the top-level array is closed', text.length);
    }
    this.lines.end(pos);
    this.pending.keep(text, pos);
    return items;
  }

  /** Parses the element at `start`; the offset after it, or undefined when more text is needed. */
  private parseElement(
    text: string,
    start: number,
    final: boolean,
    items: ReaderItem[],
  ): number | undefined {
    let value: unknown;
    try {
      value = this.parser.parse(text, start, text.length, final);
    } catch (error) {
      if (error === NEEDS_MORE_INPUT) return undefined;
      if (error instanceof JsonSyntaxError)
        throw this.fail(`malformed JSON: ${error.message}`, error.offset);
      throw error;
    }
    const end = this.parser.position;
    const position = ++this.position;
    const line = this.lines.lineAt(start);
    items.push(
      isJsonObject(value)
        ? { kind: 'record', position, line, values: value }
        : {
            kind: 'error',
            position,
            line,
            error: `array element ${position} is ${describeJsonValue(value)}, expected an object`,
            original: text.slice(start, end),
          },
    );
    return end;
  }

  private fail(reason: string, offset: number): FileParseError {
    const line = this.lines.lineAt(offset);
    return new FileParseError(reason, { line, column: this.lines.columnAt(offset) });
  }
}

function quote(text: string, pos: number): string {
  return JSON.stringify(text[pos] ?? '');
}
