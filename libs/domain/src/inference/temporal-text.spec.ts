import fc from 'fast-check';
import {
  isDateText,
  isTimestampText,
  normaliseDateText,
  normaliseTimestampText,
  normaliseTimestampTextByPattern,
  temporalSortKey,
} from './temporal-text';

describe('normaliseDateText', () => {
  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['0001-01-01', '0001-01-01'],
    ['1900-02-29', undefined],
    ['2023-02-29', undefined],
    ['2024-04-31', undefined],
    ['2024-13-01', undefined],
    ['2024-00-10', undefined],
    ['0000-01-01', undefined],
    ['2024-1-01', undefined],
    ['2024/01/01', undefined],
    ['20240101', undefined],
  ])('%s → %s', (text, expected) => {
    expect(normaliseDateText(text)).toBe(expected);
    expect(isDateText(text)).toBe(expected !== undefined);
  });
});

describe('normaliseTimestampText', () => {
  it.each([
    ['2024-01-02T03:04', '2024-01-02T03:04:00'],
    ['2024-01-02 03:04:05', '2024-01-02T03:04:05'],
    ['2024-01-02T03:04:05.123456789', '2024-01-02T03:04:05.123456789'],
    ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05Z'],
    ['2024-01-02T03:04:05.5+02:00', '2024-01-02T01:04:05.5Z'],
    ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00Z'],
    ['2024-02-28T23:00:00-01:30', '2024-02-29T00:30:00Z'],
    ['2024-01-02T24:00:00', undefined],
    ['2024-01-02T23:60:00', undefined],
    ['2024-01-02T23:59:60', undefined],
    ['2024-02-30T00:00:00', undefined],
    ['2024-01-02T03:04:05.1234567890', undefined],
    ['2024-01-02T03:04:05+0200', undefined],
    ['2024-01-02T03:04:05+24:00', undefined],
    ['2024-01-02t03:04:05z', undefined],
    ['2024-01-02T03', undefined],
    ['2024-01-02T03:04.5', undefined],
  ])('%s → %s', (text, expected) => {
    expect(normaliseTimestampText(text)).toBe(expected);
    expect(isTimestampText(text)).toBe(expected !== undefined);
  });

  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  const timestampLike = fc
    .tuple(
      fc.integer({ min: 1, max: 9999 }).map((n) => String(n).padStart(4, '0')),
      two(14),
      two(33),
      fc.constantFrom('T', ' ', 't'),
      two(25),
      two(61),
      fc.option(two(61)),
      fc.option(fc.stringMatching(/^[0-9]{1,10}$/)),
      fc.constantFrom('', 'Z', '+01:00', '-23:59', '+24:00', '+05:61', '+0100'),
    )
    .map(([y, mo, d, sep, h, mi, s, f, zone]) => {
      const seconds = s === null ? '' : `:${s}${f === null ? '' : `.${f}`}`;
      return `${y}-${mo}-${d}${sep}${h}:${mi}${seconds}${zone}`;
    });

  it('the fast validators agree with the patterns (property)', () => {
    fc.assert(
      fc.property(timestampLike, (text) => {
        expect(isTimestampText(text)).toBe(normaliseTimestampText(text) !== undefined);
        const date = text.slice(0, 10);
        expect(isDateText(date)).toBe(normaliseDateText(date) !== undefined);
      }),
      { numRuns: 5000 },
    );
  });

  it('the already-normalised fast path gives what the pattern path gives (property)', () => {
    fc.assert(
      fc.property(timestampLike, (text) => {
        expect(normaliseTimestampText(text)).toBe(normaliseTimestampTextByPattern(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('converts zoned timestamps to the same instant as Date does (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1971-01-01T00:00:00Z'),
          max: new Date('2999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (instant, offsetMinutes) => {
          const local = new Date(instant.getTime() + offsetMinutes * 60_000)
            .toISOString()
            .slice(0, 19);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const expected = `${new Date(instant.getTime() - (instant.getTime() % 1000)).toISOString().slice(0, 19)}Z`;
          expect(normaliseTimestampText(`${local}${zone}`)).toBe(expected);
        },
      ),
    );
  });
});

describe('temporalSortKey', () => {
  it('orders dates and timestamps by time with plain string comparison', () => {
    const texts = [
      '2024-01-02T00:30:00+01:00',
      '2024-01-02',
      '2024-01-01T23:59:59.5Z',
      '2024-01-02T00:00:01',
      '2024-01-01 23:59:59',
    ];
    const sorted = [...texts].sort((a, b) => (temporalSortKey(a) < temporalSortKey(b) ? -1 : 1));
    expect(sorted).toEqual([
      '2024-01-02T00:30:00+01:00',
      '2024-01-01 23:59:59',
      '2024-01-01T23:59:59.5Z',
      '2024-01-02',
      '2024-01-02T00:00:01',
    ]);
  });
});
