import type { SchemaFields } from '@tributary/contracts';
import { profileStream } from '../profiling/profile-stream';
import { validateRecord } from '../validation/validate-record';
import { classifyChange } from './classify-change';
import { diffSchemas } from './diff-schemas';

/** Header names that are also members of every JavaScript object. */
const MEMBER_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

async function profileCsv(text: string): Promise<SchemaFields> {
  async function* chunks(): AsyncIterable<Uint8Array> {
    yield Buffer.from(text);
  }
  return (await profileStream(chunks(), { contentType: 'text/csv' })).fields;
}

describe('field names that are members of every JavaScript object', () => {
  const header = ['id', ...MEMBER_NAMES].join(',');

  it('are profiled, versioned and validated as ordinary fields', async () => {
    const observed = await profileCsv(`${header}\n1,a,b,c,d,e\n`);
    expect(Object.keys(observed)).toEqual(['id', ...MEMBER_NAMES]);

    const first = classifyChange(undefined, observed, diffSchemas(undefined, observed), 'evolve');
    expect(Object.keys(first.nextFields)).toEqual(['id', ...MEMBER_NAMES]);
    for (const name of MEMBER_NAMES) expect(first.nextFields[name]?.type).toBe('string');

    const again = classifyChange(
      first.nextFields,
      observed,
      diffSchemas(first.nextFields, observed),
      'evolve',
    );
    expect(again.changed).toBe(false);

    // JSON.parse, as the readers do: an object literal's `__proto__` would set the prototype.
    const values = JSON.parse(
      '{"id":"2","__proto__":"p","constructor":"c","toString":"t","hasOwnProperty":"h","valueOf":"v"}',
    ) as Record<string, unknown>;
    const result = validateRecord(values, first.nextFields, 'evolve');
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && Object.entries(result.row)).toEqual([
      ['id', 2],
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['tostring', 't'],
      ['hasownproperty', 'h'],
      ['valueof', 'v'],
    ]);
  });

  it('under hints, are still ordinary fields (a hint lookup must not find Object.prototype)', async () => {
    const observed = await profileCsv(`${header}\n1,a,b,c,d,e\n`);
    const hinted = classifyChange(undefined, observed, diffSchemas(undefined, observed), 'evolve', {
      hints: { id: 'string' },
    });
    expect(hinted.nextFields.id?.type).toBe('string');
    for (const name of MEMBER_NAMES) expect(hinted.nextFields[name]?.type).toBe('string');
  });

  it('appear in a diff when added or removed, and an addition unions cleanly', async () => {
    const before = await profileCsv('id\n1\n');
    const observed = await profileCsv(`${header}\n1,a,b,c,d,e\n`);
    const diff = diffSchemas(before, observed);
    expect(diff.added.map((f) => f.name)).toEqual(MEMBER_NAMES);
    const next = classifyChange(before, observed, diff, 'evolve');
    expect(next.status).toBe('ACTIVE');
    expect(Object.keys(next.nextFields)).toEqual(['id', ...MEMBER_NAMES]);

    const back = diffSchemas(next.nextFields, before);
    expect(back.removed.map((f) => f.name)).toEqual(MEMBER_NAMES);
  });
});
