import fc from 'fast-check';
import { type CsvRow, CsvScanner, type CsvScannerOptions } from './csv-scanner';

const COMMA: CsvScannerOptions = { delimiter: ',', quote: '"', newline: '\n' };

function scan(text: string, options: CsvScannerOptions = COMMA, chunkSize = text.length): CsvRow[] {
  const scanner = new CsvScanner(options);
  const rows: CsvRow[] = [];
  for (let i = 0; i < text.length; i += Math.max(1, chunkSize)) {
    rows.push(...scanner.push(text.slice(i, i + Math.max(1, chunkSize))));
  }
  rows.push(...scanner.finish());
  return rows;
}

function fields(
  text: string,
  options?: CsvScannerOptions,
  chunkSize?: number,
): (string | null)[][] {
  return scan(text, options, chunkSize).map((row) => row.fields);
}

describe('CsvScanner', () => {
  it('splits simple rows and treats empty cells as null', () => {
    expect(fields('a,b,c\n1,,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', null, '3'],
    ]);
  });

  it('can keep empty cells as empty strings', () => {
    expect(fields('1,,""\n', { ...COMMA, emptyValue: '' })).toEqual([['1', '', '']]);
  });

  it('reads a last row without a line break', () => {
    expect(fields('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('drops the CR of CRLF line endings, also after a quoted field', () => {
    expect(fields('a,"b"\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps delimiters, escaped quotes and newlines inside quoted fields', () => {
    expect(fields('"a,b","say ""hi""","line1\nline2"\n')).toEqual([
      ['a,b', 'say "hi"', 'line1\nline2'],
    ]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(fields('5" pipe,x\n')).toEqual([['5" pipe', 'x']]);
  });

  it('skips blank lines, LF and CRLF', () => {
    expect(fields('a\n\n1\r\n\r\n2\n')).toEqual([['a'], ['1'], ['2']]);
  });

  it('keeps a trailing delimiter as an empty last field', () => {
    expect(fields('a,b,\n')).toEqual([['a', 'b', null]]);
  });

  it('numbers rows by the line they start on, counting quoted newlines and blank lines', () => {
    const rows = scan('h\n"a\nb"\n\nc\n');
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [1, ['h']],
      [2, ['a\nb']],
      [5, ['c']],
    ]);
  });

  it('reports an unterminated quote as a row error with the line it opened on', () => {
    const rows = scan('a,b\n1,"open\n2,3\n');
    expect(rows[1]).toEqual({
      fields: ['1', 'open\n2,3\n'],
      line: 2,
      error: 'unterminated quoted field opened on line 2',
    });
  });

  it('reports text after a closing quote and keeps it in the field', () => {
    const rows = scan('"ab"cd,e\n');
    expect(rows).toEqual([
      {
        fields: ['abcd', 'e'],
        line: 1,
        error: 'unexpected character "c" after the closing quote of field 1',
      },
    ]);
  });

  it('reads other delimiters and quote characters', () => {
    expect(fields("a;'b;c'\n", { delimiter: ';', quote: "'", newline: '\n' })).toEqual([
      ['a', 'b;c'],
    ]);
    expect(fields('a\tb\n', { delimiter: '\t', quote: '"', newline: '\n' })).toEqual([['a', 'b']]);
    expect(fields('a|b\n', { delimiter: '|', quote: '"', newline: '\n' })).toEqual([['a', 'b']]);
  });

  it('reads files with bare CR line endings', () => {
    expect(fields('a,b\r1,"x\ry"\r', { ...COMMA, newline: '\r' })).toEqual([
      ['a', 'b'],
      ['1', 'x\ry'],
    ]);
  });

  it('tells whether a quoted field spanned lines', () => {
    const plain = new CsvScanner(COMMA);
    plain.push('"a",b\n');
    expect(plain.quotedNewlines).toBe(false);
    const multi = new CsvScanner(COMMA);
    multi.push('"a\nb",c\n');
    expect(multi.quotedNewlines).toBe(true);
  });

  it('reads a field far larger than the chunks in linear passes', () => {
    const big = 'x'.repeat(200_000);
    const rows = fields(`"${big}",1\n2,3\n`, COMMA, 1000);
    expect(rows).toEqual([
      [big, '1'],
      ['2', '3'],
    ]);
  });

  const cell = fc.oneof(
    fc.constantFrom('', 'a', '1', ' ', '"', ',', '\n', '\r\n', 'x"y', 'é'),
    fc.string({ maxLength: 6 }),
  );
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), {
    minLength: 1,
    maxLength: 6,
  });

  function writeCsv(rows: string[][], lineEnding: string): string {
    return rows
      .map((row) => row.map((value) => `"${value.replace(/"/g, '""')}"`).join(','))
      .join(lineEnding);
  }

  it('reads back any table written with quotes, whatever the chunk size (property)', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 9 }),
        (rows, eol, size) => {
          const parsed = fields(writeCsv(rows, eol), { ...COMMA, emptyValue: '' }, size);
          expect(parsed).toEqual(rows);
        },
      ),
    );
  });

  it('gives the same rows and errors for any chunking of any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (text, size) => {
        expect(scan(text, COMMA, size)).toEqual(scan(text, COMMA));
      }),
    );
  });
});
