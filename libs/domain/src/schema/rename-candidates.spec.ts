import type { FieldSchema, FieldStats, SchemaFields } from '@tributary/contracts';
import { MIN_RENAME_SCORE, findRenameCandidates } from './rename-candidates';

function fields(types: Record<string, FieldSchema['type']>): SchemaFields {
  return Object.fromEntries(
    Object.entries(types).map(([name, type], ordinal) => [
      name,
      { type, path: [name], nullable: false, column: name, ordinal },
    ]),
  );
}

const stats = (
  samples: string[],
  min: string,
  max: string,
  distinctEstimate: number,
): FieldStats => ({
  count: 100,
  nullCount: 0,
  distinctEstimate,
  min,
  max,
  samples,
});

describe('findRenameCandidates', () => {
  it('scores by name alone without statistics', () => {
    expect(
      findRenameCandidates(
        ['customer_id'],
        ['CustomerId'],
        fields({ customer_id: 'integer' }),
        fields({ CustomerId: 'integer' }),
      ),
    ).toEqual([
      {
        from: 'customer_id',
        to: 'CustomerId',
        type: 'integer',
        score: 1,
        evidence:
          'name similarity 1 ("customer_id" → "CustomerId"); no value statistics to compare',
      },
    ]);
  });

  it('finds a rename from identical values even when the names differ', () => {
    const samples = ['a@x.io', 'b@x.io', 'c@x.io'];
    const [candidate] = findRenameCandidates(
      ['mail'],
      ['contact'],
      fields({ mail: 'string' }),
      fields({ contact: 'string' }),
      {
        active: { mail: stats(samples, 'a@x.io', 'z@x.io', 500) },
        observed: { contact: stats(samples, 'a@x.io', 'z@x.io', 500) },
      },
    );
    expect(candidate?.score).toBeGreaterThanOrEqual(MIN_RENAME_SCORE);
    expect(candidate?.evidence).toContain('3 of 3 samples equal');
  });

  it('ranks the likelier of several candidates first', () => {
    const candidates = findRenameCandidates(
      ['zip'],
      ['zip_code', 'zipcode_old'],
      fields({ zip: 'string' }),
      fields({ zip_code: 'string', zipcode_old: 'string' }),
    );
    expect(candidates.map((candidate) => candidate.to)).toEqual(['zip_code', 'zipcode_old']);
  });

  it('ignores fields that only held nulls', () => {
    expect(
      findRenameCandidates(['a'], ['a_'], fields({ a: 'null' }), fields({ a_: 'null' })),
    ).toEqual([]);
  });
});
