import fc from 'fast-check';
import { JsonNumber } from '../../records/json-number';
import type { ReaderItem } from '../../records/record-item';
import { FileParseError } from '../file-parse.error';
import { JsonArrayScanner } from './json-array-scanner';

function scan(text: string, chunkSize = text.length): ReaderItem[] {
  const scanner = new JsonArrayScanner();
  const items: ReaderItem[] = [];
  const size = Math.max(1, chunkSize);
  for (let i = 0; i < text.length; i += size) items.push(...scanner.push(text.slice(i, i + size)));
  items.push(...scanner.finish());
  return items;
}

function failure(text: string): FileParseError {
  try {
    scan(text);
  } catch (error) {
    if (error instanceof FileParseError) return error;
    throw error;
  }
  throw new Error('no FileParseError');
}

describe('JsonArrayScanner', () => {
  it('yields each object element as a record with its position and line', () => {
    expect(scan('[\n  {"a": 1},\n  {"a": "x"}\n]\n')).toEqual([
      { kind: 'record', position: 1, line: 2, values: { a: new JsonNumber('1') } },
      { kind: 'record', position: 2, line: 3, values: { a: 'x' } },
    ]);
  });

  it('reports elements that are not objects as row errors', () => {
    expect(scan('[{"a":1}, 2, [3], "s", null]').slice(1)).toEqual([
      {
        kind: 'error',
        position: 2,
        line: 1,
        error: 'array element 2 is a number, expected an object',
        original: '2',
      },
      {
        kind: 'error',
        position: 3,
        line: 1,
        error: 'array element 3 is an array, expected an object',
        original: '[3]',
      },
      {
        kind: 'error',
        position: 4,
        line: 1,
        error: 'array element 4 is a string, expected an object',
        original: '"s"',
      },
      {
        kind: 'error',
        position: 5,
        line: 1,
        error: 'array element 5 is null, expected an object',
        original: 'null',
      },
    ]);
  });

  it('reads an empty array and an empty file as zero records', () => {
    expect(scan('[ ]')).toEqual([]);
    expect(scan('  \n')).toEqual([]);
  });

  it('raises FileParseError with line and column for malformed JSON', () => {
    const error = failure('[\n  {"a": 1},\n  {"a": 2,}\n]');
    expect(error.reason).toBe(
      'malformed JSON: unexpected "}", expected a double-quoted property name',
    );
    expect(error.location).toEqual({ line: 3, column: 11 });
    expect(error.message).toBe(
      'malformed JSON: unexpected "}", expected a double-quoted property name (at line 3, column 11)',
    );
  });

  it('raises FileParseError for a missing comma, a cut file and trailing data', () => {
    expect(failure('[{"a":1} {"a":2}]').reason).toBe(
      `expected ',' or ']' after array element 1, found "{"`,
    );
    expect(failure('[{"a":1},').reason).toBe('the file ends before the top-level array is closed');
    expect(failure('[{"a":1}').reason).toBe('the file ends before the top-level array is closed');
    expect(failure('[{"a":1}] x').location).toEqual({ line: 1, column: 11 });
  });

  it('gives the same items for any chunking (property)', () => {
    const records = fc.array(
      fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
      {
        maxLength: 5,
      },
    );
    fc.assert(
      fc.property(
        records,
        fc.boolean(),
        fc.integer({ min: 1, max: 11 }),
        (values, pretty, size) => {
          const text = JSON.stringify(values, null, pretty ? 2 : undefined);
          expect(scan(text, size)).toEqual(scan(text));
        },
      ),
    );
  });

  it('holds only about one element in memory: 20 000 elements through 1 KiB chunks', () => {
    const text = `[${Array.from({ length: 20_000 }, (_, i) => `{"i":${i}}`).join(',')}]`;
    const scanner = new JsonArrayScanner();
    let count = 0;
    for (let i = 0; i < text.length; i += 1024)
      count += scanner.push(text.slice(i, i + 1024)).length;
    count += scanner.finish().length;
    expect(count).toBe(20_000);
  });
});
