import type { FieldSchema } from '@tributary/contracts';
import { JsonNumber } from '../records/json-number';
import { convertValue } from './convert-value';

const field = (type: FieldSchema['type'], extra: Partial<FieldSchema> = {}): FieldSchema => ({
  type,
  path: ['f'],
  nullable: true,
  column: 'f',
  ordinal: 0,
  ...extra,
});

const ok = (value: unknown, target: FieldSchema, syntax?: 'text' | 'json') => {
  const conversion = convertValue(value, target, syntax);
  if (!conversion.ok) throw new Error(conversion.reason);
  return conversion.value;
};

const reason = (value: unknown, target: FieldSchema) => {
  const conversion = convertValue(value, target);
  return conversion.ok ? undefined : conversion.reason;
};

describe('convertValue', () => {
  it('converts text by the inference rules', () => {
    expect(ok('42', field('integer'))).toBe(42);
    expect(ok('9007199254740993', field('bigint'))).toBe(9007199254740993n);
    expect(ok('42', field('bigint'))).toBe(42n);
    expect(ok('2.5', field('double'))).toBe(2.5);
    expect(ok('7', field('double'))).toBe(7);
    expect(ok('TRUE', field('boolean'))).toBe(true);
    expect(ok('12.5', field('decimal', { precision: 10, scale: 2 }))).toBe('12.5');
    expect(ok('1.5e2', field('decimal', { precision: 10, scale: 2 }))).toBe('150');
    expect(ok('2024-02-29', field('date'))).toBe('2024-02-29');
    expect(ok('2024-02-29', field('timestamp'))).toBe('2024-02-29T00:00:00');
    expect(ok('2024-02-29 10:00+02:00', field('timestamp'))).toBe('2024-02-29T08:00:00Z');
    expect(ok('00501', field('string'))).toBe('00501');
  });

  it('converts JSON values, keeping big numbers exact', () => {
    expect(
      ok(new JsonNumber('12345678901234567890.123'), field('decimal', { precision: 23, scale: 3 })),
    ).toBe('12345678901234567890.123');
    expect(ok(new JsonNumber('9223372036854775807'), field('bigint'))).toBe(9223372036854775807n);
    expect(ok(true, field('boolean'))).toBe(true);
    expect(ok(new JsonNumber('1.0'), field('string'))).toBe('1.0');
    expect(ok({ a: new JsonNumber('1') }, field('string'))).toBe('{"a":1}');
    expect(
      ok([new JsonNumber('1'), new JsonNumber('2.50')], field('array', { items: 'double' })),
    ).toBe('[1,2.50]');
  });

  it('reads JSON strings strictly when asked to', () => {
    expect(ok('42', field('integer'))).toBe(42);
    expect(convertValue('42', field('integer'), 'json')).toEqual({
      ok: false,
      reason: 'value "42" is not an integer (it reads as string)',
    });
  });

  it.each([
    ['007', field('integer'), 'value "007" is not an integer (it reads as string)'],
    ['1.5', field('integer'), 'value "1.5" is not an integer (it reads as double)'],
    ['3000000000', field('integer'), 'value "3000000000" is not an integer (it reads as bigint)'],
    [
      '12345678901234567890',
      field('bigint'),
      'value "12345678901234567890" is not a bigint (it reads as decimal(20,0))',
    ],
    [
      '1.234',
      field('decimal', { precision: 5, scale: 2 }),
      'value "1.234" is not a decimal(5,2) (it reads as double)',
    ],
    [
      '1234',
      field('decimal', { precision: 5, scale: 2 }),
      'value "1234" is not a decimal(5,2) (it reads as integer)',
    ],
    [
      '0.1234567890123456789',
      field('double'),
      'value "0.1234567890123456789" is not a double (it reads as decimal(20,19))',
    ],
    ['yes', field('boolean'), 'value "yes" is not a boolean (it reads as string)'],
    ['2024-02-30', field('date'), 'value "2024-02-30" is not a date (it reads as string)'],
    [
      '2024-02-01T10:00',
      field('date'),
      'value "2024-02-01T10:00" is not a date (it reads as timestamp)',
    ],
    ['x', field('null'), 'value "x" is not a null (it reads as string)'],
    [
      [new JsonNumber('1'), 'a'],
      field('array', { items: 'integer' }),
      'value "[1,\\"a\\"]" is not an array<integer> (it reads as array<string>)',
    ],
    [
      '[1]',
      field('array', { items: 'integer' }),
      'value "[1]" is not an array<integer> (it reads as string)',
    ],
  ])('rejects %j for %j', (value, target, expected) => {
    expect(reason(value, target)).toBe(expected);
  });

  it('quotes long offending values cut short', () => {
    expect(reason('x'.repeat(300), field('integer'))).toBe(
      `value "${'x'.repeat(99)}…" is not an integer (it reads as string)`,
    );
  });
});
