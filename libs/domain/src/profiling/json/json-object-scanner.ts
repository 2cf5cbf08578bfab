import { isJsonObject } from '../../records/json-value';
import type { ReaderItem } from '../../records/record-item';
import { FileParseError } from '../file-parse.error';
import type { ItemScanner } from '../item-scanner';
import { LinePosition } from '../line-position';
import { JsonSyntaxError, JsonValueParser } from './json-value-parser';
import { skipJsonWhitespace } from './json-whitespace';

/**
 * A file holding one JSON object: one record. The object is the record, so it is held whole
 * (memory grows with that one record, as it must).
 */
export class JsonObjectScanner implements ItemScanner {
  private readonly parts: string[] = [];

  push(chunk: string): ReaderItem[] {
    this.parts.push(chunk);
    return [];
  }

  finish(): ReaderItem[] {
    const text = this.parts.join('');
    this.parts.length = 0;
    const lines = new LinePosition();
    lines.begin(text);
    const fail = (reason: string, offset: number): FileParseError =>
      new FileParseError(reason, { line: lines.lineAt(offset), column: lines.columnAt(offset) });

    const start = skipJsonWhitespace(text, 0);
    if (start === text.length) return [];
    const parser = new JsonValueParser();
    let value: unknown;
    try {
      value = parser.parse(text, start, text.length, true);
    } catch (error) {
      if (error instanceof JsonSyntaxError)
        throw fail(`malformed JSON: ${error.message}`, error.offset);
      throw error;
    }
    const line = lines.lineAt(start);
    if (!isJsonObject(value)) throw fail('the top-level JSON value is not an object', start);
    const after = skipJsonWhitespace(text, parser.position);
    if (after < text.length) {
      throw fail(
        'unexpected data after the top-level JSON object (a file of several objects must be NDJSON, one object per line)',
        after,
      );
    }
    return [{ kind: 'record', position: 1, line, values: value }];
  }
}
