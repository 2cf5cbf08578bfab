import { JsonNumber } from '../../records/json-number';
import { FileParseError } from '../file-parse.error';
import { JsonObjectScanner } from './json-object-scanner';

function scan(...chunks: string[]) {
  const scanner = new JsonObjectScanner();
  for (const chunk of chunks) expect(scanner.push(chunk)).toEqual([]);
  return scanner.finish();
}

describe('JsonObjectScanner', () => {
  it('reads a single object, in any chunks, as one record', () => {
    expect(scan('\n {"a": {"b": ', '12345678901234567890}}\n')).toEqual([
      {
        kind: 'record',
        position: 1,
        line: 2,
        values: { a: { b: new JsonNumber('12345678901234567890') } },
      },
    ]);
  });

  it('raises FileParseError with the position of malformed JSON', () => {
    expect(() => scan('{\n  "a": tru\n}')).toThrow(
      new FileParseError('malformed JSON: unexpected "t", expected a value', {
        line: 2,
        column: 8,
      }),
    );
  });

  it('raises FileParseError for data after the object, suggesting NDJSON', () => {
    expect(() => scan('{\n "a": 1\n}\n{"a": 2}')).toThrow(/must be NDJSON.*line 4, column 1/);
  });

  it('reads whitespace only as zero records', () => {
    expect(scan('  ')).toEqual([]);
  });
});
