import { classifyChange } from './classify-change';
import { diffSchemas, isEmptyDiff } from './diff-schemas';
import { fieldsOfEmptyFile } from './empty-file';
import { schema } from './schema-fields.fixture';

const active = schema({ id: 'integer', name: 'string', day: 'date' });

function outcome(observed: ReturnType<typeof schema>) {
  const fields = fieldsOfEmptyFile(active, observed);
  const diff = diffSchemas(active, fields);
  return { diff, classification: classifyChange(active, fields, diff, 'evolve') };
}

describe('a file with no data rows against the ACTIVE schema', () => {
  it('a file naming no columns (0 bytes, []) stands for the ACTIVE schema: no change', () => {
    const { diff, classification } = outcome({});
    expect(isEmptyDiff(diff)).toBe(true);
    expect(classification.changed).toBe(false);
  });

  it('a header with the same columns changes nothing, although no column held a value', () => {
    const headerOnly = schema({
      id: { type: 'null', nullable: true },
      name: { type: 'null', nullable: true },
      day: { type: 'null', nullable: true },
    });
    const { diff, classification } = outcome(headerOnly);
    expect(isEmptyDiff(diff)).toBe(true);
    expect(classification.changed).toBe(false);
  });

  it('a header that adds a column is an additive change; one that lacks a column is still reported', () => {
    const added = outcome(
      schema({
        id: { type: 'null', nullable: true },
        name: { type: 'null', nullable: true },
        day: { type: 'null', nullable: true },
        extra: { type: 'null', nullable: true },
      }),
    );
    expect(added.diff.added.map((f) => f.name)).toEqual(['extra']);
    expect(added.classification.status).toBe('ACTIVE');
    const lacking = outcome(
      schema({ id: { type: 'null', nullable: true }, name: { type: 'null', nullable: true } }),
    );
    expect(lacking.diff.removed.map((f) => f.name)).toEqual(['day']);
    expect(lacking.classification.status).toBe('BREAKING');
  });
});
