import type { PublishedPartition } from '@tributary/contracts';
import { publishedUploads } from './published-uploads';

const file = (runId: string, k = 0) => ({
  key: `${runId}/part-${k}`,
  runId,
  schemaVersion: 1,
  rows: 1,
});

describe('the uploads a table publishes per partition', () => {
  const partitions: PublishedPartition[] = [
    { date: '2026-01-01', files: [file('r1'), file('r1', 1), file('r2')] },
    { date: '2026-01-02', files: [file('r3')] },
  ];

  it('are the inputs of the runs that wrote each partition, retry files standing for their uploads', () => {
    const out = publishedUploads(
      partitions,
      new Map([
        ['r1', ['F1', 'F2']],
        ['r2', ['R1']],
        ['r3', ['F3']],
      ]),
      new Map([['R1', ['F1', 'F0']]]),
    );
    expect(Object.fromEntries([...out].map(([d, s]) => [d, [...s].sort()]))).toEqual({
      '2026-01-01': ['F0', 'F1', 'F2'],
      '2026-01-02': ['F3'],
    });
  });

  it('adds uploads found in the rows themselves (merged partitions)', () => {
    const out = publishedUploads(
      partitions,
      new Map([['r1', ['F1']]]),
      new Map(),
      new Map([['2026-01-02', ['F7']]]),
    );
    expect([...out.get('2026-01-02')!]).toEqual(['F7']);
  });

  it('a run that is no longer known contributes nothing', () => {
    const out = publishedUploads(partitions, new Map(), new Map());
    expect(out.get('2026-01-01')!.size).toBe(0);
  });
});
