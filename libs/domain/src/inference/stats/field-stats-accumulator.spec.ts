import type { FieldType } from '@tributary/contracts';
import { inferTextType } from '../infer-value-type';
import { FieldStatsAccumulator, MAX_STAT_TEXT_LENGTH } from './field-stats-accumulator';

function statsOf(values: readonly string[], type: FieldType, rowCount = values.length) {
  const stats = new FieldStatsAccumulator();
  for (const value of values) stats.add(value, inferTextType(value));
  return stats.toStats(rowCount, type);
}

describe('FieldStatsAccumulator', () => {
  it('counts rows, nulls, distinct values and keeps five distinct samples in order', () => {
    expect(statsOf(['b', 'a', 'b', 'c', 'd', 'e', 'f'], 'string', 9)).toEqual({
      count: 9,
      nullCount: 2,
      distinctEstimate: 6,
      min: 'a',
      max: 'f',
      samples: ['b', 'a', 'c', 'd', 'e'],
    });
  });

  it('orders numbers numerically, exactly beyond doubles', () => {
    const stats = statsOf(
      ['10', '9', '-3.5', '12345678901234567891', '12345678901234567890'],
      'decimal',
    );
    expect([stats.min, stats.max]).toEqual(['-3.5', '12345678901234567891']);
  });

  it('orders by text once the field is a string', () => {
    const stats = statsOf(['10', '9', 'x'], 'string');
    expect([stats.min, stats.max]).toEqual(['10', 'x']);
  });

  it('orders dates and timestamps by time, keeping the written text', () => {
    const stats = statsOf(
      ['2024-01-02', '2024-01-01T23:00:00-02:00', '2024-01-01T10:00:00Z'],
      'timestamp',
    );
    expect([stats.min, stats.max]).toEqual(['2024-01-01T10:00:00Z', '2024-01-01T23:00:00-02:00']);
  });

  it('gives booleans false < true', () => {
    expect(statsOf(['TRUE', 'true'], 'boolean')).toMatchObject({ min: 'true', max: 'true' });
    expect(statsOf(['true', 'False'], 'boolean')).toMatchObject({ min: 'false', max: 'true' });
  });

  it('has no min or max for null, object and array fields', () => {
    expect(statsOf([], 'null', 3)).toEqual({
      count: 3,
      nullCount: 3,
      distinctEstimate: 0,
      min: null,
      max: null,
      samples: [],
    });
    expect(statsOf(['[1]'], 'array')).toMatchObject({ min: null, max: null, samples: ['[1]'] });
  });

  it('keeps the numeric order of a hinted string field that held numbers', () => {
    const stats = statsOf(['00501', '10001', '02134'], 'string');
    expect([stats.min, stats.max]).toEqual(['00501', '10001']);
  });

  it('cuts long texts in samples, min and max', () => {
    const long = 'x'.repeat(500);
    const stats = statsOf([long], 'string');
    expect(stats.samples[0]).toHaveLength(MAX_STAT_TEXT_LENGTH);
    expect(stats.samples[0]?.endsWith('…')).toBe(true);
    expect(stats.min).toBe(stats.samples[0]);
  });

  it('counts repeats and untracked values as present', () => {
    const stats = new FieldStatsAccumulator();
    stats.add('a', inferTextType('a'));
    stats.addRepeat();
    stats.addUntracked();
    expect(stats.toStats(4, 'string')).toMatchObject({
      count: 4,
      nullCount: 1,
      distinctEstimate: 1,
    });
  });
});
