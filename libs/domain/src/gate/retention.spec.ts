import type { LatestPointer } from '@tributary/contracts';
import { type CuratedObject, planRetention, referencedKeys } from './retention';

const file = (key: string) => ({ key, runId: 'x', schemaVersion: 1, rows: 1 });
const pointer: LatestPointer = {
  sourceId: 's',
  current: {
    revision: 2,
    schemaVersion: 1,
    executionId: 'e',
    cause: 'run:r2',
    publishedAt: 't',
    partitions: [{ date: 'd', files: [file('r2/a')] }],
  },
  previous: [
    {
      revision: 1,
      schemaVersion: 1,
      executionId: 'e',
      cause: 'run:r1',
      publishedAt: 't',
      partitions: [{ date: 'd', files: [file('r1/a')] }],
    },
  ],
};

const obj = (runId: string, key: string, kind: 'data' | 'success' = 'data'): CuratedObject => ({
  key,
  runId,
  kind,
  size: 10,
  etag: `etag-${key}`,
});

describe('retention', () => {
  it('collects the files of every state, current and previous', () => {
    expect([...referencedKeys(pointer)].sort()).toEqual(['r1/a', 'r2/a']);
    expect(referencedKeys(undefined).size).toBe(0);
  });

  it('deletes only runs none of whose files any state references, keeping in-flight runs', () => {
    const plan = planRetention(
      [
        obj('r1', 'r1/a'),
        obj('r1', 'r1/_SUCCESS', 'success'),
        obj('r2', 'r2/a'),
        obj('r2', 'r2/b'),
        obj('r3', 'r3/a'),
        obj('r3', 'r3/_SUCCESS', 'success'),
        obj('r4', 'r4/a'),
      ],
      referencedKeys(pointer),
      new Set(['r4']),
    );
    expect(plan.deletable).toEqual([
      { runId: 'r3', objects: [obj('r3', 'r3/_SUCCESS', 'success'), obj('r3', 'r3/a')], bytes: 20 },
    ]);
    expect(plan.kept).toEqual([
      { runId: 'r1', reason: 'referenced' },
      { runId: 'r2', reason: 'referenced' },
      { runId: 'r4', reason: 'in-flight' },
    ]);
  });
});
