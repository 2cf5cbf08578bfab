import fc from 'fast-check';
import { assignColumns, normaliseColumnName } from './column-names';

describe('normaliseColumnName', () => {
  it.each([
    [['First Name'], 'first_name'],
    [['Zip-Code'], 'zip_code'],
    [['Café Crème'], 'cafe_creme'],
    [['(id)'], 'id'],
    [['_id'], '_id'],
    [['total_'], 'total_'],
    [['2020 sales'], '_2020_sales'],
    [['%'], 'column'],
    [['名前'], 'column'],
    [['address', 'City'], 'address__city'],
    [['a.b'], 'a_b'],
    [['ÄÖÜ'], 'aou'],
  ])('%j → %s', (path, expected) => {
    expect(normaliseColumnName(path)).toBe(expected);
  });
});

describe('assignColumns', () => {
  it('de-duplicates collisions in order with _2, _3 … skipping taken names', () => {
    expect(
      assignColumns([{ path: ['ID'] }, { path: ['id'] }, { path: ['Id'] }, { path: ['id_2'] }]),
    ).toEqual(['id', 'id_2', 'id_3', 'id_2_2']);
  });

  it('never gives a field a provenance column name: those are added to every published row', () => {
    expect(
      assignColumns([
        { path: ['_tributary_file_id'] },
        { path: ['_TRIBUTARY_RUN_ID'] },
        { path: ['_tributary_row_position'] },
      ]),
    ).toEqual(['_tributary_file_id_2', '_tributary_run_id_2', '_tributary_row_position_2']);
  });

  it('keeps existing columns and avoids them for new fields', () => {
    expect(assignColumns([{ path: ['a'] }, { path: ['A'], column: 'a' }])).toEqual(['a_2', 'a']);
  });

  const paths = fc.array(fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 3 }), {
    maxLength: 12,
  });

  it('always yields non-empty [a-z0-9_] names, never starting with a digit (property)', () => {
    fc.assert(
      fc.property(paths, (list) => {
        for (const column of assignColumns(list.map((path) => ({ path })))) {
          expect(column).toMatch(/^[a-z0-9_]+$/);
          expect(column).not.toMatch(/^[0-9]/);
        }
      }),
    );
  });

  it('is injective within a schema and deterministic (property)', () => {
    fc.assert(
      fc.property(paths, (list) => {
        const fields = list.map((path) => ({ path }));
        const columns = assignColumns(fields);
        expect(new Set(columns).size).toBe(columns.length);
        expect(assignColumns(fields)).toEqual(columns);
      }),
    );
  });
});
