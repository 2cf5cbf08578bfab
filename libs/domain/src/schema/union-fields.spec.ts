import type { FieldSchema, SchemaFields } from '@tributary/contracts';
import { diffSchemas } from './diff-schemas';
import { hintedFields, unionFields } from './union-fields';

const field = (
  name: string,
  type: FieldSchema['type'],
  ordinal: number,
  extra: Partial<FieldSchema> = {},
): FieldSchema => ({
  type,
  path: [name],
  nullable: false,
  column: name.toLowerCase(),
  ordinal,
  ...extra,
});

describe('unionFields', () => {
  const active: SchemaFields = {
    id: field('id', 'integer', 0),
    gone: field('gone', 'string', 3, { column: 'gone_col' }),
  };
  const observed: SchemaFields = {
    b: field('b', 'string', 0),
    id: field('id', 'double', 1, { nullable: true }),
    a: field('a', 'date', 2),
  };

  it('keeps active columns and ordinals, joins types and appends new fields in file order', () => {
    const next = unionFields(active, observed, diffSchemas(active, observed));
    expect(next).toEqual({
      id: { type: 'double', path: ['id'], nullable: true, column: 'id', ordinal: 0 },
      gone: {
        type: 'string',
        path: ['gone'],
        nullable: true,
        optional: true,
        column: 'gone_col',
        ordinal: 3,
      },
      b: { type: 'string', path: ['b'], nullable: true, column: 'b', ordinal: 4 },
      a: { type: 'date', path: ['a'], nullable: true, column: 'a', ordinal: 5 },
    });
  });

  it('keeps hinted types', () => {
    const next = unionFields(active, observed, diffSchemas(active, observed), {
      id: 'string',
      a: 'timestamp',
    });
    expect([next.id?.type, next.a?.type]).toEqual(['string', 'timestamp']);
  });
});

describe('hintedFields', () => {
  it('applies hints to a first schema, leaving the rest as observed', () => {
    const fields: SchemaFields = { zip: field('zip', 'integer', 0), n: field('n', 'integer', 1) };
    expect(hintedFields(fields, { zip: 'string' })).toEqual({
      zip: { ...fields.zip, type: 'string' },
      n: fields.n,
    });
  });
});
