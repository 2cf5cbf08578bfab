import type { LatestPointer, TableState } from '@tributary/contracts';
import { RollbackError, rollbackPointer } from './rollback';

function state(revision: number, keys: string[], cause = `run:r${revision}`): TableState {
  return {
    revision,
    schemaVersion: revision,
    executionId: `e${revision}`,
    cause,
    publishedAt: `2026-01-0${revision}T00:00:00.000Z`,
    partitions: [
      {
        date: '2026-01-01',
        files: keys.map((key) => ({
          key,
          runId: `r${revision}`,
          schemaVersion: revision,
          rows: 1,
        })),
      },
    ],
  };
}

const pointer: LatestPointer = {
  sourceId: 'orders',
  current: state(3, ['a', 'b', 'c']),
  previous: [state(2, ['a', 'b']), state(1, ['a'])],
};
const context = { executionId: 'rb', publishedAt: '2026-02-01T00:00:00.000Z', historyLimit: 50 };

describe('rollback', () => {
  it('goes back to a revision as a new revision with exactly its partitions, keeping history', () => {
    const next = rollbackPointer(pointer, { toRevision: 1 }, context);
    expect(next.current).toEqual({
      revision: 4,
      schemaVersion: 1,
      executionId: 'rb',
      cause: 'rollback:1',
      publishedAt: context.publishedAt,
      partitions: pointer.previous[1]!.partitions,
    });
    expect(next.previous.map((s) => s.revision)).toEqual([3, 2, 1]);
  });

  it('steps back n states (1 = the state before the current one)', () => {
    expect(rollbackPointer(pointer, { steps: 1 }, context).current.cause).toBe('rollback:2');
    expect(rollbackPointer(pointer, { steps: 2 }, context).current.cause).toBe('rollback:1');
  });

  it('a rollback can itself be rolled back', () => {
    const back = rollbackPointer(pointer, { toRevision: 1 }, context);
    const forth = rollbackPointer(back, { toRevision: 3 }, context);
    expect(forth.current.partitions).toEqual(pointer.current.partitions);
    expect(forth.current.revision).toBe(5);
  });

  it.each([
    [{ toRevision: 3 }, 'already-current'],
    [{ toRevision: 9 }, 'revision-unknown'],
    [{ steps: 0 }, 'steps-out-of-range'],
    [{ steps: 3 }, 'steps-out-of-range'],
    [{ steps: 1.5 }, 'steps-out-of-range'],
  ] as const)('refuses %j (%s)', (target, code) => {
    expect(() => rollbackPointer(pointer, target, context)).toThrow(RollbackError);
    try {
      rollbackPointer(pointer, target, context);
    } catch (error) {
      expect((error as RollbackError).code).toBe(code);
    }
  });
});
