import type { LatestPointer, RunSummary, WriteMode } from '@tributary/contracts';
import { containsRun, mergeBaseConflicts, publishRun, samePartitions } from './table-state';

const context = { publishedAt: '2026-01-21T12:00:00.000Z', historyLimit: 50 };

function summary(
  runId: string,
  writeMode: WriteMode,
  partitions: Record<string, number[]>,
  extra: Partial<RunSummary> = {},
): RunSummary {
  return {
    sourceId: 'orders',
    runId,
    executionId: `exec-${runId}`,
    engine: 'duckdb',
    writeMode,
    backfill: false,
    schemaVersion: 1,
    baseRevision: 0,
    inputs: [],
    rowsIn: 0,
    rowsOut: 0,
    rowsQuarantined: 0,
    partitions: Object.entries(partitions).map(([date, rows]) => ({
      date,
      files: rows.map((r, k) => ({ key: `${runId}/${date}/part-${k}`, rows: r })),
      rows: rows.reduce((s, r) => s + r, 0),
    })),
    columns: [],
    quarantineKeys: [],
    timings: {},
    startedAt: context.publishedAt,
    finishedAt: context.publishedAt,
    ...extra,
  };
}

function publish(pointer: LatestPointer | undefined, run: RunSummary): LatestPointer {
  const change = publishRun(pointer, run, context);
  if (change.kind !== 'changed') throw new Error('expected a change');
  return change.pointer;
}

function keysByDate(pointer: LatestPointer): Record<string, string[]> {
  return Object.fromEntries(
    pointer.current.partitions.map((p) => [p.date, p.files.map((f) => f.key)]),
  );
}

describe('table state: publishing a run into _LATEST.json', () => {
  it('creates the first state from no pointer', () => {
    const pointer = publish(undefined, summary('r1', 'append', { '2026-01-01': [10, 5] }));
    expect(pointer.sourceId).toBe('orders');
    expect(pointer.current).toMatchObject({
      revision: 1,
      schemaVersion: 1,
      executionId: 'exec-r1',
      cause: 'run:r1',
      publishedAt: context.publishedAt,
    });
    expect(pointer.current.partitions[0]!.files[1]).toEqual({
      key: 'r1/2026-01-01/part-1',
      runId: 'r1',
      schemaVersion: 1,
      rows: 5,
    });
    expect(pointer.previous).toEqual([]);
  });

  it('append adds a run’s files to their partitions and keeps earlier states newest first', () => {
    const one = publish(
      undefined,
      summary('r1', 'append', { '2026-01-01': [10], '2026-01-02': [3] }),
    );
    const two = publish(one, summary('r2', 'append', { '2026-01-02': [4], '2026-01-03': [1] }));
    expect(keysByDate(two)).toEqual({
      '2026-01-01': ['r1/2026-01-01/part-0'],
      '2026-01-02': ['r1/2026-01-02/part-0', 'r2/2026-01-02/part-0'],
      '2026-01-03': ['r2/2026-01-03/part-0'],
    });
    expect(two.current.revision).toBe(2);
    expect(two.previous.map((s) => s.revision)).toEqual([1]);
    const three = publish(two, summary('r3', 'append', { '2026-01-01': [2] }));
    expect(three.previous.map((s) => s.revision)).toEqual([2, 1]);
  });

  it('append never adds a file twice', () => {
    const one = publish(undefined, summary('r1', 'append', { '2026-01-01': [10] }));
    expect(publishRun(one, summary('r1', 'append', { '2026-01-01': [10] }), context)).toEqual({
      kind: 'unchanged',
      revision: 1,
    });
  });

  it('replace swaps the partitions the run lists and leaves the others', () => {
    const one = publish(
      undefined,
      summary('r1', 'append', { '2026-01-01': [10], '2026-01-02': [3] }),
    );
    const two = publish(one, summary('r2', 'append', { '2026-01-02': [4] }));
    const three = publish(two, summary('r3', 'replace', { '2026-01-02': [7] }));
    expect(keysByDate(three)).toEqual({
      '2026-01-01': ['r1/2026-01-01/part-0'],
      '2026-01-02': ['r3/2026-01-02/part-0'],
    });
  });

  it('a partition’s own mode wins over the run’s: a backfill replaces its dates and appends beyond them', () => {
    const one = publish(
      undefined,
      summary('r1', 'append', { '2026-01-01': [10], '2026-01-02': [3], '2026-01-03': [2] }),
    );
    const run = summary('r2_BACKFILL', 'replace', {
      '2026-01-01': [],
      '2026-01-02': [4],
      '2026-01-03': [1],
    });
    const backfill = publish(one, {
      ...run,
      backfill: true,
      partitions: run.partitions.map((p) => ({
        ...p,
        mode: p.date === '2026-01-03' ? ('append' as const) : ('replace' as const),
      })),
    });
    expect(keysByDate(backfill)).toEqual({
      '2026-01-02': ['r2_BACKFILL/2026-01-02/part-0'],
      '2026-01-03': ['r1/2026-01-03/part-0', 'r2_BACKFILL/2026-01-03/part-0'],
    });
  });

  it('merge replaces the partitions it rewrote and removes a partition it emptied', () => {
    const one = publish(
      undefined,
      summary('r1', 'append', { '2026-01-01': [10], '2026-01-02': [3] }),
    );
    const merged = publish(
      one,
      summary('r2', 'merge', { '2026-01-01': [9], '2026-01-02': [] }, { baseRevision: 1 }),
    );
    expect(keysByDate(merged)).toEqual({ '2026-01-01': ['r2/2026-01-01/part-0'] });
  });

  it('limits the kept history', () => {
    let pointer = publish(undefined, summary('r0', 'append', { '2026-01-01': [1] }));
    for (let i = 1; i < 6; i++) {
      const change = publishRun(pointer, summary(`r${i}`, 'append', { '2026-01-01': [1] }), {
        ...context,
        historyLimit: 3,
      });
      if (change.kind === 'changed') pointer = change.pointer;
    }
    expect(pointer.current.revision).toBe(6);
    expect(pointer.previous.map((s) => s.revision)).toEqual([5, 4, 3]);
  });

  it('an empty batch changes nothing: no new revision, with or without a pointer', () => {
    expect(publishRun(undefined, summary('r0', 'append', {}), context)).toEqual({
      kind: 'unchanged',
      revision: 0,
    });
    const one = publish(undefined, summary('r1', 'append', { '2026-01-01': [10] }));
    for (const mode of ['append', 'replace', 'merge'] as const) {
      expect(publishRun(one, summary('r2', mode, {}, { baseRevision: 1 }), context)).toEqual({
        kind: 'unchanged',
        revision: 1,
      });
    }
  });

  it('records the newest schema version among the state’s files', () => {
    const one = publish(undefined, summary('r1', 'append', { '2026-01-01': [1] }));
    const two = publish(one, summary('r2', 'append', { '2026-01-02': [1] }, { schemaVersion: 2 }));
    expect(two.current.schemaVersion).toBe(2);
    const back = publish(two, summary('r3', 'replace', { '2026-01-02': [1] }));
    expect(back.current.schemaVersion).toBe(1);
  });

  it('knows which runs it contains, including states kept for rollback', () => {
    const one = publish(undefined, summary('r1', 'append', { '2026-01-01': [1] }));
    const two = publish(one, summary('r2', 'replace', { '2026-01-01': [1] }));
    expect(containsRun(two, 'r1')).toBe(true);
    expect(containsRun(two, 'r2')).toBe(true);
    expect(containsRun(two, 'r3')).toBe(false);
    expect(containsRun(undefined, 'r1')).toBe(false);
  });

  it('compares partitions by their files', () => {
    const a = [{ date: 'd', files: [{ key: 'k', runId: 'r', schemaVersion: 1, rows: 1 }] }];
    expect(samePartitions(a, [...a])).toBe(true);
    expect(samePartitions(a, [])).toBe(false);
  });
});

describe('merge base conflicts', () => {
  const one = publish(
    undefined,
    summary('r1', 'append', { '2026-01-01': [10], '2026-01-02': [3] }),
  );
  const two = publish(one, summary('r2', 'append', { '2026-01-02': [4] }));

  it('none when the pointer is still at the revision the merge read', () => {
    expect(
      mergeBaseConflicts(two, summary('m', 'merge', { '2026-01-02': [5] }, { baseRevision: 2 })),
    ).toEqual([]);
    expect(mergeBaseConflicts(undefined, summary('m', 'merge', { '2026-01-02': [5] }))).toEqual([]);
  });

  it('none when later changes touched other partitions', () => {
    expect(
      mergeBaseConflicts(two, summary('m', 'merge', { '2026-01-01': [5] }, { baseRevision: 1 })),
    ).toEqual([]);
  });

  it('the partitions that changed since the merge’s base revision', () => {
    expect(
      mergeBaseConflicts(two, summary('m', 'merge', { '2026-01-02': [5] }, { baseRevision: 1 })),
    ).toEqual(['2026-01-02']);
    expect(
      mergeBaseConflicts(two, summary('m', 'merge', { '2026-01-01': [5] }, { baseRevision: 0 })),
    ).toEqual(['2026-01-01']);
  });

  it('every partition when the base revision is no longer kept', () => {
    expect(
      mergeBaseConflicts(two, summary('m', 'merge', { '2026-01-01': [5] }, { baseRevision: 7 })),
    ).toEqual(['2026-01-01']);
  });

  it('never for append or replace', () => {
    expect(mergeBaseConflicts(two, summary('m', 'replace', { '2026-01-02': [5] }))).toEqual([]);
    expect(mergeBaseConflicts(two, summary('m', 'append', { '2026-01-02': [5] }))).toEqual([]);
  });
});
