import { childTraceparent, parseTraceparent, traceIdOf } from './traceparent';
import { isRunId, newRunId, parseRunId } from './run-id';
import { isUlid, newUlid, ulidLowerBound, ulidTime } from './ulid';

describe('run ids', () => {
  it('look like 20260121T120000Z-<suffix> and parse back', () => {
    const runId = newRunId({ now: new Date('2026-01-21T12:00:00.123Z') });
    expect(runId).toMatch(/^20260121T120000Z-[a-z0-9]{8}$/);
    expect(parseRunId(runId)).toMatchObject({ startedAt: '2026-01-21T12:00:00Z', backfill: false });
  });

  it('end in _BACKFILL for a backfill', () => {
    const runId = newRunId({ backfill: true });
    expect(runId.endsWith('_BACKFILL')).toBe(true);
    expect(parseRunId(runId).backfill).toBe(true);
    expect(isRunId(runId)).toBe(true);
  });

  it('reject anything else', () => {
    for (const bad of [
      '',
      '20260121T120000Z',
      '20260121T120000Z-ABCDEFGH',
      '../x',
      '20260121T120000Z-abcdefgh_x',
    ]) {
      expect(isRunId(bad)).toBe(false);
      expect(() => parseRunId(bad)).toThrow();
    }
  });

  it('are unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newRunId()));
    expect(ids.size).toBe(1000);
  });
});

describe('ULIDs', () => {
  it('sort by creation time and bound by instant', () => {
    const a = newUlid(1_700_000_000_000);
    const b = newUlid(1_700_000_000_001);
    expect(isUlid(a) && isUlid(b)).toBe(true);
    expect(a < b).toBe(true);
    expect(ulidLowerBound(1_700_000_000_000) <= a).toBe(true);
    expect(ulidLowerBound(1_700_000_000_001) > a).toBe(true);
    expect(ulidTime(a)).toBe(1_700_000_000_000);
  });
});

describe('traceparent', () => {
  it('keeps the trace id of a valid parent and makes a new span', () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const child = childTraceparent(parent);
    expect(traceIdOf(child)).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(parseTraceparent(child)?.spanId).not.toBe('b7ad6b7169203331');
  });

  it('starts a new trace for a missing or invalid parent', () => {
    for (const bad of [
      undefined,
      '',
      'garbage',
      '00-00000000000000000000000000000000-b7ad6b7169203331-01',
    ]) {
      const child = childTraceparent(bad);
      expect(parseTraceparent(child)).toBeDefined();
    }
  });
});
