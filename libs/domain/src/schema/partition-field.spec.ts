import { partitionFieldProblem } from './partition-field';
import { schema } from './schema-fields.fixture';

describe('the field that picks the date= partition', () => {
  const fields = schema({ day: 'date', at: 'timestamp', name: 'string', n: 'integer' });

  it('is a date or timestamp field of the schema', () => {
    expect(partitionFieldProblem(fields, 'day')).toBeNull();
    expect(partitionFieldProblem(fields, 'at')).toBeNull();
  });

  it('names what is wrong with any other field', () => {
    expect(partitionFieldProblem(fields, 'name')).toMatch(
      /field "name" is string, not a date or timestamp.*name=date/,
    );
    expect(partitionFieldProblem(fields, 'n')).toMatch(/is integer/);
    expect(partitionFieldProblem(fields, 'missing')).toBe(
      'field "missing" is not in the schema (its fields: day, at, name, n)',
    );
    expect(partitionFieldProblem(fields, '__proto__')).toMatch(/not in the schema/);
  });
});
