import type { FieldStats, FieldType } from '@tributary/contracts';
import fc from 'fast-check';
import { diffSchemas, diffVersions, isEmptyDiff } from './diff-schemas';
import { schema } from './schema-fields.fixture';

function stats(
  samples: string[],
  min: string | null,
  max: string | null,
  distinctEstimate: number,
): FieldStats {
  return { count: 10, nullCount: 0, distinctEstimate, min, max, samples };
}

describe('diffSchemas', () => {
  const active = schema({
    id: 'integer',
    zip: 'string',
    amount: 'double',
    day: 'date',
    flag: 'boolean',
    legacy: { type: 'string', optional: true },
  });

  it('is empty for the same schema', () => {
    expect(diffSchemas(active, active)).toEqual({
      added: [],
      removed: [],
      typeChanged: [],
      renameCandidates: [],
    });
  });

  it('lists added fields, and removed ones except those marked optional', () => {
    const observed = schema({
      id: 'integer',
      zip: 'string',
      amount: 'double',
      day: 'date',
      note: 'string',
    });
    const diff = diffSchemas(active, observed);
    expect(diff.added).toEqual([{ name: 'note', type: 'string' }]);
    expect(diff.removed).toEqual([{ name: 'flag', type: 'boolean' }]);
  });

  it('reports widenings and non-widening type changes', () => {
    const observed = schema({
      id: 'bigint',
      zip: 'integer',
      amount: { type: 'decimal', precision: 20, scale: 4 },
      day: 'timestamp',
      flag: 'integer',
    });
    expect(diffSchemas(active, observed).typeChanged).toEqual([
      { name: 'id', from: 'integer', to: 'bigint', widening: true },
      { name: 'amount', from: 'double', to: 'decimal(23,4)', widening: true },
      { name: 'day', from: 'date', to: 'timestamp', widening: true },
      { name: 'flag', from: 'boolean', to: 'integer', widening: false },
    ]);
  });

  it('does not report values that fit the active type, nor fields holding only nulls', () => {
    const observed = schema({
      id: 'null',
      zip: 'integer',
      amount: 'integer',
      day: 'date',
      flag: 'boolean',
    });
    expect(diffSchemas(active, observed).typeChanged).toEqual([]);
  });

  it('reports a field that had only nulls getting a type as a widening', () => {
    const diff = diffSchemas(schema({ x: 'null' }), schema({ x: 'date' }));
    expect(diff.typeChanged).toEqual([{ name: 'x', from: 'null', to: 'date', widening: true }]);
  });

  it('reports a hinted field whose active type is not its hint as retyped, whatever its values', () => {
    // The dates of `zip` were strings to the ACTIVE schema; a person pinned it to date.
    const observed = schema({ ...active, zip: 'date' });
    expect(diffSchemas(active, active, {}, { zip: 'date' }).typeChanged).toEqual([
      { name: 'zip', from: 'string', to: 'date', widening: false },
    ]);
    expect(diffSchemas(active, observed, {}, { id: 'bigint' }).typeChanged).toEqual([
      { name: 'id', from: 'integer', to: 'bigint', widening: true },
    ]);
  });

  it('a hinted field already at its hint is no change, whatever the file holds', () => {
    const observed = schema({ ...active, zip: 'integer' });
    expect(isEmptyDiff(diffSchemas(active, observed, {}, { zip: 'string' }))).toBe(true);
  });

  it('between stored versions, every type difference and every accepted removal counts', () => {
    const later = schema({
      ...active,
      zip: 'date',
      amount: 'integer',
      flag: { type: 'boolean', optional: true, nullable: true },
    });
    const diff = diffVersions(active, later);
    expect(diff.typeChanged).toEqual([
      { name: 'zip', from: 'string', to: 'date', widening: false },
      { name: 'amount', from: 'double', to: 'integer', widening: false },
    ]);
    expect(diff.removed).toEqual([{ name: 'flag', type: 'boolean' }]);
    expect(isEmptyDiff(diffVersions(active, active))).toBe(true);
  });

  it('treats every field as added when there is no active schema', () => {
    expect(
      diffSchemas(undefined, schema({ a: 'integer', b: { type: 'array', items: 'string' } })).added,
    ).toEqual([
      { name: 'a', type: 'integer' },
      { name: 'b', type: 'array<string>' },
    ]);
  });

  it('proposes a rename for a removed and an added field of the same type, with evidence', () => {
    const before = schema({ id: 'integer', zip: 'string' });
    const after = schema({ id: 'integer', zip_code: 'string' });
    const diff = diffSchemas(before, after, {
      active: { zip: stats(['00501', '10001', '02134'], '00501', '99950', 1200) },
      observed: { zip_code: stats(['00501', '10001', '60601'], '00501', '99950', 1180) },
    });
    expect(diff.renameCandidates).toEqual([
      {
        from: 'zip',
        to: 'zip_code',
        type: 'string',
        score: 0.79,
        evidence:
          'name similarity 0.71 ("zip" → "zip_code"); 2 of 3 samples equal; same min "00501"; same max "99950"; distinct estimates 1200 vs 1180 (close)',
      },
    ]);
  });

  it('proposes no rename across types or for unlike fields', () => {
    const diff = diffSchemas(
      schema({ city: 'string', n: 'integer' }),
      schema({ price: 'double', count: 'string' }),
    );
    expect(diff.renameCandidates).toEqual([]);
  });

  const fieldTypes: FieldType[] = [
    'null',
    'boolean',
    'integer',
    'bigint',
    'double',
    'string',
    'date',
    'timestamp',
    'object',
  ];
  const anySchema = fc
    .dictionary(
      fc.string({ minLength: 1, maxLength: 5 }),
      fc.record({
        type: fc.constantFrom(...fieldTypes),
        nullable: fc.boolean(),
        optional: fc.boolean(),
      }),
      { maxKeys: 8 },
    )
    .map((specs) => schema(specs));

  it('diff(a, a) is empty for any schema (property)', () => {
    fc.assert(
      fc.property(anySchema, (fields) =>
        expect(isEmptyDiff(diffSchemas(fields, fields))).toBe(true),
      ),
    );
  });

  it('every field of the file is either known or added (property)', () => {
    fc.assert(
      fc.property(anySchema, anySchema, (before, after) => {
        const added = diffSchemas(before, after).added.map((field) => field.name);
        for (const name of Object.keys(after))
          expect(added.includes(name)).toBe(!Object.hasOwn(before, name));
      }),
    );
  });
});
