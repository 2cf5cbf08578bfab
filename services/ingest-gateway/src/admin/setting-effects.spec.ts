import type { SourceRecord } from '@tributary/contracts';
import { partitionFieldIssue, settingEffects } from './setting-effects';

const source: SourceRecord = {
  sourceId: 'orders',
  description: '',
  apiKeyHash: 'h',
  apiKeyPrefix: 'p',
  policy: 'evolve',
  hints: {},
  writeMode: 'append',
  primaryKey: [],
  partitionField: null,
  quarantineThreshold: 0.05,
  columnChecks: [],
  scheduleSeconds: null,
  channels: [],
  rateLimitPerMinute: 600,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
const field = (type: 'string' | 'date' | 'integer', ordinal: number, column: string) => ({
  type,
  path: [column],
  nullable: false,
  column,
  ordinal,
});
const active = { id: field('integer', 0, 'id'), day: field('string', 1, 'day') };

describe('when a changed setting takes effect', () => {
  it('a hint that retypes a field says the next upload makes a new version', () => {
    const after = { ...source, hints: { day: 'date' as const } };
    expect(settingEffects(source, after, active)).toEqual([
      'hint day=date takes effect with the next file profiled for orders: it makes a new ACTIVE schema version retyping day from string to date (shown in its diff and drift alert); values that are not date are quarantined',
    ]);
    expect(settingEffects(source, { ...source, hints: { id: 'integer' } }, active)).toEqual([
      'hint id=integer: the ACTIVE schema already types id as integer',
    ]);
    expect(settingEffects(source, after, undefined)[0]).toMatch(
      /next file profiled .* has the field/,
    );
  });

  it('run and gate settings say from when they apply; nothing changed, nothing said', () => {
    const after = { ...source, writeMode: 'replace' as const, quarantineThreshold: 0.1 };
    expect(settingEffects(source, after, active)).toEqual([
      'write mode replace: from the next run; partitions published before stay as they are until a backfill rebuilds them',
      'gate settings apply to runs gated from now on',
    ]);
    expect(settingEffects(source, source, active)).toEqual([]);
  });

  it('a partition field must be a date or timestamp of the ACTIVE schema, counting hints', () => {
    expect(partitionFieldIssue({ partitionField: 'day', hints: {} }, active)).toMatch(
      /is string, not a date/,
    );
    expect(
      partitionFieldIssue({ partitionField: 'day', hints: { day: 'date' } }, active),
    ).toBeNull();
    expect(partitionFieldIssue({ partitionField: 'day', hints: {} }, undefined)).toBeNull();
    expect(partitionFieldIssue({ partitionField: null, hints: {} }, active)).toBeNull();
  });
});
