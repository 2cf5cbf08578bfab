import type { EvolutionPolicy, SchemaFields } from '@tributary/contracts';
import { classifyChange } from './classify-change';
import { diffSchemas } from './diff-schemas';
import { schema } from './schema-fields.fixture';

const active = schema({
  id: 'integer',
  name: 'string',
  day: 'date',
  old: { type: 'string', optional: true },
});

const files = {
  same: schema({ id: 'integer', name: 'string', day: 'date' }),
  added: schema({ id: 'integer', name: 'string', day: 'date', email: 'string' }),
  widened: schema({ id: 'bigint', name: 'string', day: 'timestamp' }),
  nulls: schema({ id: 'integer', name: { type: 'string', nullable: true }, day: 'date' }),
  removed: schema({ id: 'integer', day: 'date' }),
  retyped: schema({ id: 'boolean', name: 'string', day: 'date' }),
  mixed: schema({ id: 'integer', day: 'date', email: 'string' }),
};

function classify(file: keyof typeof files, policy: EvolutionPolicy, base: SchemaFields = active) {
  const observed = files[file];
  return classifyChange(base, observed, diffSchemas(base, observed), policy);
}

describe('classifyChange', () => {
  it.each<[keyof typeof files, EvolutionPolicy, boolean, string, string]>([
    ['same', 'evolve', false, 'ACTIVE', 'FULL'],
    ['added', 'evolve', true, 'ACTIVE', 'BACKWARD'],
    ['widened', 'evolve', true, 'ACTIVE', 'BACKWARD'],
    ['nulls', 'evolve', true, 'ACTIVE', 'BACKWARD'],
    ['removed', 'evolve', true, 'BREAKING', 'NONE'],
    ['retyped', 'evolve', true, 'BREAKING', 'NONE'],
    ['mixed', 'evolve', true, 'BREAKING', 'NONE'],
    ['same', 'freeze', false, 'ACTIVE', 'FULL'],
    ['added', 'freeze', true, 'BREAKING', 'BACKWARD'],
    ['widened', 'freeze', true, 'BREAKING', 'BACKWARD'],
    ['nulls', 'freeze', true, 'BREAKING', 'BACKWARD'],
    ['removed', 'freeze', true, 'BREAKING', 'NONE'],
    ['added', 'discard_row', false, 'ACTIVE', 'BACKWARD'],
    ['removed', 'discard_row', false, 'ACTIVE', 'NONE'],
    ['retyped', 'discard_value', false, 'ACTIVE', 'NONE'],
    ['same', 'discard_value', false, 'ACTIVE', 'FULL'],
  ])('%s file under %s → changed %s, %s, %s', (file, policy, changed, status, compatibility) => {
    const result = classify(file, policy);
    expect([result.changed, result.status, result.compatibility]).toEqual([
      changed,
      status,
      compatibility,
    ]);
    if (!changed) expect(result.nextFields).toBe(active);
  });

  it('gives FORWARD when only nullable fields are removed', () => {
    const base = schema({ id: 'integer', note: { type: 'string', nullable: true } });
    const observed = schema({ id: 'integer' });
    const result = classifyChange(base, observed, diffSchemas(base, observed), 'evolve');
    expect([result.status, result.compatibility]).toEqual(['BREAKING', 'FORWARD']);
  });

  it('explains why a version is breaking', () => {
    expect(classify('removed', 'evolve').breakingReasons).toEqual([
      'field "name" (string) is missing from the file',
    ]);
    expect(classify('retyped', 'evolve').breakingReasons).toEqual([
      'field "id" changed from integer to boolean, which is not a widening',
    ]);
    expect(classify('added', 'freeze').breakingReasons).toEqual([
      'field "email" (string) was added',
    ]);
    expect(classify('nulls', 'freeze').breakingReasons).toEqual(['field "name" now holds nulls']);
    expect(classify('widened', 'evolve').breakingReasons).toEqual([]);
  });

  it('unions fields: widened types, nullable additions after the existing ordinals, new columns', () => {
    const { nextFields } = classify('added', 'evolve');
    expect(nextFields.email).toEqual({
      type: 'string',
      path: ['email'],
      nullable: true,
      column: 'email',
      ordinal: 4,
    });
    expect(nextFields.old).toEqual(active.old);
    expect(classify('widened', 'evolve').nextFields.day).toMatchObject({
      type: 'timestamp',
      column: 'day',
      ordinal: 2,
    });
  });

  it('keeps removed fields in a BREAKING version, marked optional', () => {
    const { nextFields } = classify('removed', 'evolve');
    expect(nextFields.name).toEqual({ ...active.name, nullable: true, optional: true });
    const accepted = nextFields;
    const next = classifyChange(
      accepted,
      files.removed,
      diffSchemas(accepted, files.removed),
      'evolve',
    );
    expect([next.changed, next.status]).toEqual([false, 'ACTIVE']);
  });

  it('unions a non-widening change to the type both sides fit (string)', () => {
    expect(classify('retyped', 'evolve').nextFields.id?.type).toBe('string');
  });

  it('keeps hinted fields at their hinted type', () => {
    const observed = schema({ id: 'integer', name: 'string', day: 'date', zip: 'integer' });
    const result = classifyChange(active, observed, diffSchemas(active, observed), 'evolve', {
      hints: { zip: 'string' },
    });
    expect(result.nextFields.zip?.type).toBe('string');
  });

  it('a retype to a hint is a person’s decision: ACTIVE under evolve, BREAKING under freeze', () => {
    const hints = { name: 'date' } as const;
    const diff = diffSchemas(active, active, {}, hints);
    expect(diff.typeChanged).toEqual([
      { name: 'name', from: 'string', to: 'date', widening: false },
    ]);
    const evolve = classifyChange(active, active, diff, 'evolve', { hints });
    expect([evolve.changed, evolve.status, evolve.breakingReasons]).toEqual([true, 'ACTIVE', []]);
    expect(evolve.nextFields.name?.type).toBe('date');
    expect(classifyChange(active, active, diff, 'freeze', { hints }).status).toBe('BREAKING');
  });

  it('discard policies keep the schema but apply a hint retype as a new ACTIVE version', () => {
    const hints = { name: 'date' } as const;
    const observed = schema({ id: 'integer', name: 'string', day: 'date', email: 'string' });
    const diff = diffSchemas(active, observed, {}, hints);
    const result = classifyChange(active, observed, diff, 'discard_row', { hints });
    expect([result.changed, result.status]).toEqual([true, 'ACTIVE']);
    expect(result.nextFields.name?.type).toBe('date');
    expect(result.nextFields.email).toBeUndefined();
    expect(result.discards).toEqual([
      'rows with field "email", which is not in the schema, are quarantined',
    ]);
  });

  it('avoids column collisions for added fields', () => {
    const observed = schema({ id: 'integer', name: 'string', day: 'date', Name: 'string' });
    expect(
      classifyChange(active, observed, diffSchemas(active, observed), 'evolve').nextFields.Name
        ?.column,
    ).toBe('name_2');
  });

  it('lists what the discard policies will quarantine or discard', () => {
    expect(classify('mixed', 'discard_row').discards).toEqual([
      'rows with field "email", which is not in the schema, are quarantined',
      'rows missing field "name" are quarantined',
    ]);
    expect(classify('retyped', 'discard_value').discards).toEqual([
      'values of "id" that are not an integer are set to null',
    ]);
    expect(classify('nulls', 'discard_row').discards).toEqual([
      'rows where "name" is null are quarantined',
    ]);
  });

  it('makes the first version ACTIVE under any policy, with hints applied', () => {
    for (const policy of ['evolve', 'freeze', 'discard_row', 'discard_value'] as const) {
      const observed = schema({ zip: 'integer' });
      const result = classifyChange(undefined, observed, diffSchemas(undefined, observed), policy, {
        hints: { zip: 'string' },
      });
      expect([result.changed, result.status, result.compatibility]).toEqual([
        true,
        'ACTIVE',
        'FULL',
      ]);
      expect(result.nextFields.zip).toEqual({ ...observed.zip, type: 'string' });
    }
  });
});
