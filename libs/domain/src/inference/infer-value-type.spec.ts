import fc from 'fast-check';
import { JsonNumber } from '../records/json-number';
import { inferJsonStringType, inferTextType, inferValueType } from './infer-value-type';
import { TEXT_TYPE_PATTERNS } from './text-type-patterns';
import { describeType } from './type-info';

const text = (value: string) => describeType(inferTextType(value));
const json = (value: unknown) => describeType(inferValueType(value, 'json'));

describe('inferTextType (CSV cells)', () => {
  it.each([
    ['true', 'boolean'],
    ['FALSE', 'boolean'],
    ['True', 'boolean'],
    ['yes', 'string'],
    ['t', 'string'],
    ['1', 'integer'],
    ['00501', 'string'],
    ['-12', 'integer'],
    ['3.5', 'double'],
    ['9007199254740993', 'bigint'],
    ['2024-01-31', 'date'],
    ['2024-02-31', 'string'],
    ['2024-01-31T10:00:00Z', 'timestamp'],
    ['2024-01-31 10:00', 'timestamp'],
    [' 42', 'string'],
    ['', 'string'],
    ['N/A', 'string'],
  ])('%j → %s', (value, expected) => {
    expect(text(value)).toBe(expected);
  });

  it('agrees with TEXT_TYPE_PATTERNS on which texts are booleans, numbers and dates (property)', () => {
    const cellLike = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.stringMatching(/^[+-]?[0-9]{1,3}(\.[0-9]{1,2})?$/),
      fc.constantFrom('true', 'False', 'TRUE', 'tru', 'falsey', '2024-01-01', '2024-01-01T00:00'),
    );
    fc.assert(
      fc.property(cellLike, (value) => {
        const type = inferTextType(value).type;
        expect(type === 'boolean').toBe(TEXT_TYPE_PATTERNS.boolean.test(value));
        const numeric =
          type === 'integer' || type === 'bigint' || type === 'double' || type === 'decimal';
        if (numeric) expect(TEXT_TYPE_PATTERNS.number.test(value)).toBe(true);
        if (type === 'integer' || type === 'bigint')
          expect(TEXT_TYPE_PATTERNS.integer.test(value)).toBe(true);
        if (type === 'date') expect(TEXT_TYPE_PATTERNS.date.test(value)).toBe(true);
        if (type === 'timestamp') expect(TEXT_TYPE_PATTERNS.timestamp.test(value)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('inferValueType (JSON values)', () => {
  it.each([
    [null, 'null'],
    [true, 'boolean'],
    [new JsonNumber('1'), 'integer'],
    [new JsonNumber('1.0'), 'double'],
    [new JsonNumber('12345678901234567890'), 'decimal(20,0)'],
    [new JsonNumber('0.12345678901234567890'), 'decimal(21,20)'],
    ['42', 'string'],
    ['true', 'string'],
    ['2024-01-01', 'date'],
    ['2024-01-01T00:00:00Z', 'timestamp'],
    [{ a: 1 }, 'object'],
    [[], 'array<null>'],
    [[new JsonNumber('1'), new JsonNumber('2.5')], 'array<double>'],
    [[new JsonNumber('1'), 'x'], 'array<string>'],
    [['2024-01-01', '2024-01-01T10:00:00'], 'array<timestamp>'],
    [[{ a: 1 }, { b: 2 }], 'array<object>'],
    [[[1], null], 'array<array>'],
    [7, 'integer'],
    [0.5, 'double'],
    [Number.NaN, 'string'],
    [10n ** 20n, 'decimal(21,0)'],
  ])('%j → %s', (value, expected) => {
    expect(json(value)).toBe(expected);
  });

  it('reads CSV cells by the text rules and JSON strings only as dates or timestamps', () => {
    expect(describeType(inferValueType('42', 'text'))).toBe('integer');
    expect(describeType(inferJsonStringType('42'))).toBe('string');
    expect(describeType(inferJsonStringType('2024-01-01'))).toBe('date');
  });
});
