import type { FieldSchema, SchemaFields } from '@tributary/contracts';
import { JsonNumber } from '../records/json-number';
import { validateRecord } from './validate-record';

const field = (
  path: string[],
  type: FieldSchema['type'],
  ordinal: number,
  extra: Partial<FieldSchema> = {},
): FieldSchema => ({
  type,
  path,
  nullable: false,
  column: path.join('__'),
  ordinal,
  ...extra,
});

const fields: SchemaFields = {
  id: field(['id'], 'bigint', 0),
  amount: field(['amount'], 'decimal', 1, { precision: 10, scale: 2, nullable: true }),
  address: field(['address'], 'object', 2, { nullable: true }),
  'address.city': field(['address', 'city'], 'string', 3, { nullable: true }),
  tags: field(['tags'], 'array', 4, { items: 'string', nullable: true }),
  legacy: field(['legacy'], 'string', 5, { optional: true, nullable: true }),
  seen: field(['seen'], 'timestamp', 6),
};

const n = (source: string) => new JsonNumber(source);

describe('validateRecord', () => {
  it('converts a valid record to typed, flattened columns', () => {
    const result = validateRecord(
      {
        id: n('9007199254740993'),
        amount: n('12.5'),
        address: { city: 'Paris' },
        tags: ['a', 'b'],
        seen: '2024-01-01',
      },
      fields,
      'evolve',
    );
    expect(result).toEqual({
      ok: true,
      row: {
        id: 9007199254740993n,
        amount: '12.5',
        address__city: 'Paris',
        tags: '["a","b"]',
        legacy: null,
        seen: '2024-01-01T00:00:00',
      },
      discarded: [],
    });
  });

  it('reads CSV text the same way', () => {
    const csvFields: SchemaFields = {
      zip: field(['zip'], 'string', 0),
      n: field(['n'], 'integer', 1, { nullable: true }),
    };
    expect(validateRecord({ zip: '00501', n: null }, csvFields, 'freeze')).toEqual({
      ok: true,
      row: { zip: '00501', n: null },
      discarded: [],
    });
  });

  const bad = {
    id: 'abc',
    amount: n('123456789.123'),
    seen: null,
    extra: 'x',
    address: { city: 'Oslo', zip: '0150' },
  };

  it.each(['evolve', 'freeze', 'discard_row'] as const)(
    'rejects a bad record under %s, listing every violation',
    (policy) => {
      expect(validateRecord(bad, fields, policy)).toEqual({
        ok: false,
        violations: [
          { field: 'id', reason: 'value "abc" is not a bigint (it reads as string)' },
          {
            field: 'amount',
            reason: 'value "123456789.123" is not a decimal(10,2) (it reads as double)',
          },
          { field: 'seen', reason: 'required field is null' },
          { field: 'extra', reason: 'unexpected field, not in the schema' },
          { field: 'address.zip', reason: 'unexpected field, not in the schema' },
        ],
      });
    },
  );

  it('sets offending values to null under discard_value and lists them', () => {
    const result = validateRecord(bad, fields, 'discard_value');
    expect(result).toMatchObject({
      ok: true,
      row: { id: null, amount: null, address__city: 'Oslo', tags: null, legacy: null, seen: null },
    });
    expect(result.ok && result.discarded.map((violation) => violation.field)).toEqual([
      'id',
      'amount',
      'seen',
      'extra',
      'address.zip',
    ]);
  });

  it('reports a missing required field, but not a missing optional or nullable one', () => {
    expect(validateRecord({ seen: '2024-01-01T00:00:00Z' }, fields, 'evolve')).toEqual({
      ok: false,
      violations: [{ field: 'id', reason: 'missing required field' }],
    });
  });

  it('rejects a non-object where the schema has an object', () => {
    expect(
      validateRecord({ id: n('1'), seen: '2024-01-01', address: 'Paris' }, fields, 'evolve'),
    ).toEqual({
      ok: false,
      violations: [
        { field: 'address', reason: 'value "Paris" is not an object (it reads as string)' },
      ],
    });
  });

  it('ignores extra fields that hold null and stores objects under a string field as JSON', () => {
    const withMeta: SchemaFields = { meta: field(['meta'], 'string', 0) };
    expect(
      validateRecord({ meta: { a: n('1'), b: { c: null } }, unknown: null }, withMeta, 'freeze'),
    ).toEqual({
      ok: true,
      row: { meta: '{"a":1,"b":{"c":null}}' },
      discarded: [],
    });
  });

  it('never nulls a value silently under evolve or freeze', () => {
    for (const policy of ['evolve', 'freeze'] as const) {
      const result = validateRecord({ id: 'x', seen: '2024-01-01' }, fields, policy);
      expect(result.ok).toBe(false);
    }
  });
});
