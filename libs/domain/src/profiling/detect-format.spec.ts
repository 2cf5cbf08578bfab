import { detectFormat } from './detect-format';
import { FileParseError } from './file-parse.error';

describe('detectFormat', () => {
  it.each([
    ['application/json', '[{"a":1}]', 'json-array'],
    ['application/json', ' {"a": 1}\n', 'json-object'],
    ['application/json', '{\n  "a": 1\n}\n', 'json-object'],
    ['application/json', '{"a":1}\n{"a":2}\n', 'ndjson'],
    ['application/x-ndjson', '{"a":1}\n', 'ndjson'],
    ['application/x-ndjson', '[{"a":1}]', 'json-array'],
    ['application/octet-stream', '{"a":1}\n{"a":2}', 'ndjson'],
    ['text/plain', '[1]', 'json-array'],
    ['text/csv', 'a,b\n1,2\n', 'csv'],
    ['text/csv', 'a\tb\n1\t2\n', 'tsv'],
    ['text/tab-separated-values', 'a\tb\n1\t2\n', 'tsv'],
    [undefined, 'a;b\n1;2\n', 'csv'],
  ])('%s with %j → %s', (contentType, sample, format) => {
    expect(detectFormat(contentType, sample, true).format).toBe(format);
  });

  it('gives the CSV dialect with a delimited format', () => {
    expect(detectFormat('text/csv', 'a;b\n1;2\n', true).csv?.dialect).toEqual({
      delimiter: ';',
      quote: '"',
      header: true,
      lineEnding: 'LF',
      quotedNewlines: false,
    });
  });

  it('takes the declared format for an empty file', () => {
    expect(detectFormat('application/json', '', true).format).toBe('json-array');
    expect(detectFormat('application/x-ndjson', ' \n', true).format).toBe('ndjson');
    expect(detectFormat('text/csv', '', true).format).toBe('csv');
  });

  it('reads a single-line object followed by more data beyond the sample as NDJSON', () => {
    expect(detectFormat('application/json', '{"a":1}\n{"a"', false).format).toBe('ndjson');
    expect(detectFormat('application/json', '{"a":1}\n', false).format).toBe('ndjson');
    expect(detectFormat('application/json', '{"a": "very lo', false).format).toBe('json-object');
  });

  it('rejects declared JSON that does not start like JSON, with its position', () => {
    expect(() => detectFormat('application/json', '\n  hello', true)).toThrow(
      new FileParseError(
        `declared application/json but the content starts with "h", not '{' or '['`,
        {
          line: 2,
          column: 3,
        },
      ),
    );
  });
});
