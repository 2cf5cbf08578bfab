import { JsonNumber } from '../../records/json-number';
import type { ReaderItem } from '../../records/record-item';
import { NdjsonScanner } from './ndjson-scanner';

function scan(text: string, chunkSize = text.length): ReaderItem[] {
  const scanner = new NdjsonScanner();
  const items: ReaderItem[] = [];
  const size = Math.max(1, chunkSize);
  for (let i = 0; i < text.length; i += size) items.push(...scanner.push(text.slice(i, i + size)));
  items.push(...scanner.finish());
  return items;
}

describe('NdjsonScanner', () => {
  const text = '{"a":1}\n\n   \r\n{"a":2}\r\n{"a":\n[1]\n{"a":3} x\n{"a":4}';

  it('reads one record per line, skipping blank lines and isolating bad lines', () => {
    expect(scan(text)).toEqual([
      { kind: 'record', position: 1, line: 1, values: { a: new JsonNumber('1') } },
      { kind: 'record', position: 2, line: 4, values: { a: new JsonNumber('2') } },
      {
        kind: 'error',
        position: 3,
        line: 5,
        error: 'malformed JSON at line 5, column 6: unexpected end of input, expected a value',
        original: '{"a":',
      },
      {
        kind: 'error',
        position: 4,
        line: 6,
        error: 'line 6 holds an array, expected an object',
        original: '[1]',
      },
      {
        kind: 'error',
        position: 5,
        line: 7,
        error: 'unexpected data after the JSON value at line 7, column 9',
        original: '{"a":3} x',
      },
      { kind: 'record', position: 6, line: 8, values: { a: new JsonNumber('4') } },
    ]);
  });

  it('gives the same items for every chunk size', () => {
    const whole = scan(text);
    for (let size = 1; size <= text.length; size++) expect(scan(text, size)).toEqual(whole);
  });

  it('reads an empty input as zero records', () => {
    expect(scan('')).toEqual([]);
    expect(scan('\n\n')).toEqual([]);
  });
});
