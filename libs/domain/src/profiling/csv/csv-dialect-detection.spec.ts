import { detectCsvDialect, detectLineEnding } from './csv-dialect-detection';

describe('detectCsvDialect', () => {
  it.each([
    [',', 'id,name,city\n1,Ann,Paris\n2,Bob,Oslo\n'],
    ['\t', 'id\tname\tcity\n1\tAnn\tParis\n2\tBob\tOslo\n'],
    [';', 'id;amount;note\n1;2,5;a, b\n2;3,75;c\n'],
    ['|', 'id|name\n1|Ann, Jr\n2|Bob\n'],
  ])('finds the delimiter %j from consistent field counts', (delimiter, sample) => {
    const { dialect, fieldCount } = detectCsvDialect(sample, true);
    expect(dialect.delimiter).toBe(delimiter);
    expect(fieldCount).toBe(sample.split('\n')[0]?.split(delimiter).length);
  });

  it('prefers the declared TSV delimiter when both are consistent', () => {
    const sample = 'a,b\tc\n1,2\t3\n';
    expect(detectCsvDialect(sample, true).dialect.delimiter).toBe(',');
    expect(detectCsvDialect(sample, true, { preferTab: true }).dialect.delimiter).toBe('\t');
  });

  it('finds a single-quote quote character when it keeps rows consistent', () => {
    const sample = "id,name\n1,'Smith, John'\n2,'Doe, Jane'\n";
    expect(detectCsvDialect(sample, true).dialect.quote).toBe("'");
    expect(detectCsvDialect('id,name\n1,"a, b"\n', true).dialect.quote).toBe('"');
  });

  it('keeps the preferred delimiter for a single-column file', () => {
    const { dialect, fieldCount } = detectCsvDialect('name\nAnn\nBob\n', true);
    expect(dialect.delimiter).toBe(',');
    expect(fieldCount).toBe(1);
  });

  it('uses the dialect parts given by the caller', () => {
    const { dialect } = detectCsvDialect('a;b\n1;2\n', true, {
      overrides: { delimiter: ',', header: false },
    });
    expect(dialect.delimiter).toBe(',');
    expect(dialect.header).toBe(false);
  });

  it('ignores an incomplete last row of a partial sample', () => {
    const { dialect, fieldCount } = detectCsvDialect('a,b,c\n1,2,3\n4,5', false);
    expect(dialect.delimiter).toBe(',');
    expect(fieldCount).toBe(3);
  });

  it('detects the header from typed values below text', () => {
    expect(detectCsvDialect('id,amount\n1,2.5\n2,3\n', true).dialect.header).toBe(true);
    expect(detectCsvDialect('1,2.5\n2,3\n', true).dialect.header).toBe(false);
  });

  it('reports the line ending', () => {
    expect(detectCsvDialect('a,b\r\n1,2\r\n', true).dialect.lineEnding).toBe('CRLF');
    expect(detectCsvDialect('a,b\n1,2\n', true).dialect.lineEnding).toBe('LF');
    expect(detectCsvDialect('a,b\r1,2\r', true).dialect.lineEnding).toBe('CR');
  });
});

describe('detectLineEnding', () => {
  it.each([
    ['a\nb', 'LF'],
    ['a\r\nb', 'CRLF'],
    ['a\rb', 'CR'],
    ['a', 'LF'],
    ['a\nb\r\nc', 'LF'],
  ])('%j → %s', (sample, expected) => {
    expect(detectLineEnding(sample)).toBe(expected);
  });
});
