import type { ReaderItem } from '../../records/record-item';
import type { CsvLayout } from './csv-dialect-detection';
import { CsvRecordScanner, headerNames, numberedColumns } from './csv-record-scanner';

const withHeader: CsvLayout = {
  dialect: { delimiter: ',', quote: '"', header: true, lineEnding: 'LF', quotedNewlines: false },
  fieldCount: 3,
};

function read(
  text: string,
  layout: CsvLayout = withHeader,
): { items: ReaderItem[]; scanner: CsvRecordScanner } {
  const scanner = new CsvRecordScanner(layout);
  const items = [...scanner.push(text), ...scanner.finish()];
  return { items, scanner };
}

describe('CsvRecordScanner', () => {
  it('keys values by the header and numbers data rows from 1', () => {
    const { items, scanner } = read('a,b,c\n1,,x\n');
    expect(scanner.columnNames).toEqual(['a', 'b', 'c']);
    expect(items).toEqual([
      {
        kind: 'record',
        position: 1,
        line: 2,
        values: { a: '1', b: null, c: 'x' },
        cells: ['1', null, 'x'],
      },
    ]);
  });

  it('reports ragged rows with their position and reason, and goes on', () => {
    const { items } = read('a,b,c\n1,2\n1,2,3,4\n5,6,7\n');
    expect(items).toEqual([
      {
        kind: 'error',
        position: 1,
        line: 2,
        error: 'row has 2 fields, the header has 3',
        original: ['1', '2'],
      },
      {
        kind: 'error',
        position: 2,
        line: 3,
        error: 'row has 4 fields, the header has 3',
        original: ['1', '2', '3', '4'],
      },
      {
        kind: 'record',
        position: 3,
        line: 4,
        values: { a: '5', b: '6', c: '7' },
        cells: ['5', '6', '7'],
      },
    ]);
  });

  it('reports a malformed row as a row error', () => {
    const { items } = read('a,b,c\n"x"y,1,2\n');
    expect(items[0]).toMatchObject({
      kind: 'error',
      position: 1,
      error: expect.stringContaining('closing quote'),
    });
  });

  it('names the columns of a file without header column_1 …', () => {
    const layout: CsvLayout = {
      ...withHeader,
      dialect: { ...withHeader.dialect, header: false },
      fieldCount: 2,
    };
    const { items, scanner } = read('1,2\n3,4\n', layout);
    expect(scanner.columnNames).toEqual(['column_1', 'column_2']);
    expect(items.map((item) => item.kind === 'record' && item.values)).toEqual([
      { column_1: '1', column_2: '2' },
      { column_1: '3', column_2: '4' },
    ]);
  });

  it('reads a header-only file as zero rows', () => {
    const { items, scanner } = read('a,b,c\n');
    expect(items).toEqual([]);
    expect(scanner.columnNames).toEqual(['a', 'b', 'c']);
  });

  it('keeps a __proto__ column as an own field', () => {
    const { items } = read('__proto__,b\n1,2\n');
    const values = items[0]?.kind === 'record' ? items[0].values : {};
    expect(Object.keys(values)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
  });

  it('rejects a malformed header row', () => {
    expect(() => read('"a"b,c\n1,2\n')).toThrow('malformed header row');
  });
});

describe('headerNames', () => {
  it('trims, names empty cells after their position and de-duplicates', () => {
    expect(headerNames([' id ', null, '', 'id', 'id_2', 'id'])).toEqual([
      'id',
      'column_2',
      'column_3',
      'id_2',
      'id_2_2',
      'id_3',
    ]);
  });
});

describe('numberedColumns', () => {
  it('counts from 1', () => {
    expect(numberedColumns(3)).toEqual(['column_1', 'column_2', 'column_3']);
  });
});
