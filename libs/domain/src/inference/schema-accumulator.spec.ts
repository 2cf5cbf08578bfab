import { JsonNumber } from '../records/json-number';
import type { RecordValues } from '../records/record-item';
import { MAX_NESTED_KEYS, SchemaAccumulator } from './schema-accumulator';

function infer(
  format: 'csv' | 'ndjson',
  records: readonly RecordValues[],
  hints?: Record<string, 'string' | 'integer' | 'decimal' | 'array'>,
) {
  const accumulator = new SchemaAccumulator({ format, ...(hints === undefined ? {} : { hints }) });
  records.forEach((values, i) =>
    accumulator.add({ kind: 'record', position: i + 1, line: i + 2, values }),
  );
  return accumulator.toInferredSchema({ encoding: 'utf-8' });
}

const n = (source: string) => new JsonNumber(source);

describe('SchemaAccumulator', () => {
  it('infers CSV column types, nullability, columns and ordinals', () => {
    const schema = infer('csv', [
      { 'Order ID': '1', zip: '00501', amount: '12.50', when: '2024-01-01', note: null },
      { 'Order ID': '2', zip: '10001', amount: '3', when: '2024-01-02T10:00:00', note: 'x' },
    ]);
    expect(schema.fields).toEqual({
      'Order ID': {
        type: 'integer',
        path: ['Order ID'],
        nullable: false,
        column: 'order_id',
        ordinal: 0,
      },
      zip: { type: 'string', path: ['zip'], nullable: false, column: 'zip', ordinal: 1 },
      amount: { type: 'double', path: ['amount'], nullable: false, column: 'amount', ordinal: 2 },
      when: { type: 'timestamp', path: ['when'], nullable: false, column: 'when', ordinal: 3 },
      note: { type: 'string', path: ['note'], nullable: true, column: 'note', ordinal: 4 },
    });
    expect(schema.rowCount).toBe(2);
    expect(schema.stats.note).toMatchObject({ count: 2, nullCount: 1 });
  });

  it('widens a column with mixed types to string', () => {
    const schema = infer('csv', [{ v: '1' }, { v: 'true' }, { v: '2024-01-01' }]);
    expect(schema.fields.v?.type).toBe('string');
    expect(schema.stats.v).toMatchObject({ min: '1', max: 'true', distinctEstimate: 3 });
  });

  it('types big integers and long decimals exactly', () => {
    const schema = infer('ndjson', [
      {
        id: n('9007199254740993'),
        amount: n('12345678901234567890.12'),
        huge: n('123456789012345678901'),
      },
      { id: n('1'), amount: n('0.5'), huge: n('1') },
    ]);
    expect(schema.fields.id).toMatchObject({ type: 'bigint' });
    expect(schema.fields.amount).toMatchObject({ type: 'decimal', precision: 22, scale: 2 });
    expect(schema.fields.huge).toMatchObject({ type: 'decimal', precision: 21, scale: 0 });
    expect(schema.stats.id).toMatchObject({ min: '1', max: '9007199254740993' });
  });

  it('turns nested objects into dotted fields with __ columns, ordered by first appearance', () => {
    const schema = infer('ndjson', [
      { id: n('1'), address: { city: 'Paris', geo: { lat: n('48.85') } } },
      { id: n('2'), address: null, tags: ['a', n('1')] },
      { id: n('3'), address: { city: 'Oslo', zip: '0150' } },
    ]);
    expect(
      Object.entries(schema.fields).map(([name, field]) => [
        name,
        field.type,
        field.column,
        field.nullable,
      ]),
    ).toEqual([
      ['id', 'integer', 'id', false],
      ['address', 'object', 'address', true],
      ['address.city', 'string', 'address__city', true],
      ['address.geo', 'object', 'address__geo', true],
      ['address.geo.lat', 'double', 'address__geo__lat', true],
      ['tags', 'array', 'tags', true],
      ['address.zip', 'string', 'address__zip', true],
    ]);
    expect(schema.fields.tags?.items).toBe('string');
    expect(schema.fields['address.geo.lat']?.path).toEqual(['address', 'geo', 'lat']);
  });

  it('reads JSON strings that look like numbers as strings and like dates as dates', () => {
    const schema = infer('ndjson', [{ zip: '00501', day: '2024-01-01', flag: true }]);
    expect(Object.values(schema.fields).map((field) => field.type)).toEqual([
      'string',
      'date',
      'boolean',
    ]);
  });

  it('pins hinted types while the stats show what was seen', () => {
    const schema = infer(
      'csv',
      [
        { zip: '10001', code: '7', price: '1.25', list: '[1]' },
        { zip: '02134', code: '8', price: '10', list: null },
      ],
      { zip: 'string', code: 'integer', price: 'decimal', list: 'array' },
    );
    expect(schema.fields.zip?.type).toBe('string');
    expect(schema.fields.price).toMatchObject({ type: 'decimal', precision: 4, scale: 2 });
    expect(schema.fields.list).toMatchObject({ type: 'array', items: 'null' });
    expect(schema.stats.zip).toMatchObject({
      min: '02134',
      max: '10001',
      samples: ['10001', '02134'],
    });
  });

  it('keeps a hinted object field whole as a string instead of nesting it', () => {
    const schema = infer('ndjson', [{ meta: { a: n('1') } }], { meta: 'string' });
    expect(Object.keys(schema.fields)).toEqual(['meta']);
    expect(schema.stats.meta?.samples).toEqual(['{"a":1}']);
  });

  it('keeps declared CSV columns of a header-only file with type null', () => {
    const accumulator = new SchemaAccumulator({ format: 'csv' });
    accumulator.declareFields(['a', 'b']);
    const schema = accumulator.toInferredSchema({ encoding: 'utf-8' });
    expect(schema.rowCount).toBe(0);
    expect(schema.fields.a).toEqual({
      type: 'null',
      path: ['a'],
      nullable: true,
      column: 'a',
      ordinal: 0,
    });
  });

  it('counts every row error and keeps the first ten', () => {
    const accumulator = new SchemaAccumulator({ format: 'csv' });
    for (let i = 1; i <= 12; i++) {
      accumulator.add({
        kind: 'error',
        position: i,
        line: i + 1,
        error: `bad ${i}`,
        original: ['x'],
      });
    }
    const { rowErrors } = accumulator.toInferredSchema({ encoding: 'utf-8' });
    expect(rowErrors.count).toBe(12);
    expect(rowErrors.first).toHaveLength(10);
    expect(rowErrors.first[0]).toEqual({ position: 1, line: 2, reason: 'bad 1' });
  });

  it('counts fields missing from some records as nullable', () => {
    const schema = infer('ndjson', [{ a: n('1') }, { a: n('2'), b: 'x' }]);
    expect(schema.fields.b).toMatchObject({ nullable: true, ordinal: 1 });
    expect(schema.stats.b).toMatchObject({ count: 2, nullCount: 1 });
  });

  it('reads positional CSV cells exactly like named values', () => {
    const rows = [
      ['1', 'x', null],
      ['2', null, '2024-01-01'],
      ['x', 'y', '2024-01-02T00:00:00Z'],
    ];
    const byName = new SchemaAccumulator({ format: 'csv' });
    const byPosition = new SchemaAccumulator({ format: 'csv' });
    byName.declareFields(['a', 'b', 'c']);
    byPosition.declareFields(['a', 'b', 'c']);
    rows.forEach(([a, b, c], i) => {
      byName.addRecord({ a, b, c });
      byPosition.add({
        kind: 'record',
        position: i + 1,
        line: i + 2,
        values: {},
        cells: [a ?? null, b ?? null, c ?? null],
      });
    });
    expect(byPosition.toInferredSchema({ encoding: 'utf-8' })).toEqual(
      byName.toInferredSchema({ encoding: 'utf-8' }),
    );
  });

  it('keeps an object with more keys than MAX_NESTED_KEYS whole, as a JSON string (a map)', () => {
    const scores = (from: number, count: number) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, i) => [`user${from + i}`, n(String(i))]),
      );
    const schema = infer('ndjson', [
      { id: n('1'), scores: scores(0, 600) },
      { id: n('2'), scores: scores(600, 600) },
      { id: n('3'), scores: scores(1200, 2) },
    ]);
    expect(Object.keys(schema.fields)).toEqual(['id', 'scores']);
    expect(schema.fields.scores).toMatchObject({ type: 'string', nullable: false, ordinal: 1 });
    expect(schema.stats.scores).toMatchObject({ count: 3, nullCount: 0, distinctEstimate: 2 });
    expect(MAX_NESTED_KEYS).toBe(1000);
  });

  it('reports the file description it is given', () => {
    const accumulator = new SchemaAccumulator({ format: 'tsv' });
    const dialect = {
      delimiter: '\t',
      quote: '"',
      header: true,
      lineEnding: 'LF',
      quotedNewlines: false,
    } as const;
    expect(accumulator.toInferredSchema({ encoding: 'windows-1252', dialect })).toMatchObject({
      format: 'tsv',
      encoding: 'windows-1252',
      dialect,
    });
  });
});
