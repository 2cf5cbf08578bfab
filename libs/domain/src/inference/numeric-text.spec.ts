import fc from 'fast-check';
import { numberTextType, readNumberShape } from './numeric-text';
import { NUMERIC_LIMITS, TEXT_TYPE_PATTERNS } from './text-type-patterns';
import { describeType } from './type-info';

const type = (text: string) => {
  const info = numberTextType(text);
  return info === undefined ? undefined : describeType(info);
};

describe('numberTextType', () => {
  it.each([
    ['0', 'integer'],
    ['-0', 'integer'],
    ['+42', 'integer'],
    ['2147483647', 'integer'],
    ['-2147483648', 'integer'],
    ['2147483648', 'bigint'],
    ['-2147483649', 'bigint'],
    ['9007199254740993', 'bigint'],
    ['9223372036854775807', 'bigint'],
    ['-9223372036854775808', 'bigint'],
    ['9223372036854775808', 'decimal(19,0)'],
    ['12345678901234567890', 'decimal(20,0)'],
    ['1'.repeat(38), 'decimal(38,0)'],
    ['1'.repeat(39), 'string'],
    ['3.14', 'double'],
    ['-0.5', 'double'],
    ['1e10', 'double'],
    ['1.5E-7', 'double'],
    ['123456789012345', 'bigint'],
    ['1.23456789012345', 'double'],
    ['1.234567890123456', 'decimal(16,15)'],
    ['12345678901234567890.12', 'decimal(22,2)'],
    ['0.00000000000000000001', 'double'],
    ['0.100000000000000000001', 'decimal(22,21)'],
    ['1.5000000000000000000', 'decimal(20,19)'],
    ['1e400', 'string'],
    ['1e-400', 'string'],
    ['0e-400', 'double'],
    ['1.2345678901234567890e40', 'string'],
  ])('%s → %s', (text, expected) => {
    expect(type(text)).toBe(expected);
  });

  it.each([
    '007',
    '01.5',
    '.5',
    '5.',
    '1e',
    '1.2.3',
    '+',
    '-',
    '',
    ' 1',
    '1 ',
    '1_000',
    '0x1f',
    'NaN',
    'Infinity',
    '١٢',
  ])('does not read %j as a number', (text) => {
    expect(numberTextType(text)).toBeUndefined();
  });
});

describe('readNumberShape', () => {
  it.each([
    ['0', { isInteger: true, integerDigits: 1, scale: 0, significantDigits: 0 }],
    ['-12.50', { isInteger: false, integerDigits: 2, scale: 2, significantDigits: 4 }],
    ['0.001', { isInteger: false, integerDigits: 1, scale: 3, significantDigits: 1 }],
    ['1.5e3', { isInteger: false, integerDigits: 4, scale: 0, significantDigits: 2 }],
    ['123.45e-2', { isInteger: false, integerDigits: 1, scale: 4, significantDigits: 5 }],
    ['0.001e2', { isInteger: false, integerDigits: 1, scale: 1, significantDigits: 1 }],
  ])('%s', (text, shape) => {
    expect(readNumberShape(text)).toEqual(shape);
  });

  const numberLike = fc.stringMatching(/^[+-]?[0-9]{0,4}(\.[0-9]{0,4})?([eE][+-]?[0-9]{0,3})?$/);

  it('accepts exactly the texts TEXT_TYPE_PATTERNS.number accepts (property)', () => {
    fc.assert(
      fc.property(fc.oneof(numberLike, fc.string({ maxLength: 8 })), (text) => {
        expect(readNumberShape(text) !== undefined).toBe(TEXT_TYPE_PATTERNS.number.test(text));
      }),
      { numRuns: 5000 },
    );
  });

  /** The shape computed the slow, obvious way: move the point, strip zeros. */
  function referenceShape(text: string) {
    const unsigned = text.replace(/^[+-]/, '');
    const [mantissa = '', exponent = '0'] = unsigned.split(/[eE]/);
    const [whole = '', fraction = ''] = mantissa.split('.');
    const point = whole.length + Number(exponent);
    const digits = whole + fraction;
    const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
    const at = Math.max(point, 1);
    const integerPart = padded.slice(0, at).replace(/^0+/, '');
    const fractionPart = padded.slice(at);
    return {
      integerDigits: Math.max(1, integerPart.length),
      scale: fractionPart.length,
      significantDigits: digits.replace(/^0+/, '').length,
    };
  }

  it('computes integer digits, scale and significant digits like the obvious method (property)', () => {
    fc.assert(
      fc.property(
        numberLike.filter((text) => TEXT_TYPE_PATTERNS.number.test(text)),
        (text) => {
          const { isInteger: _isInteger, ...shape } = readNumberShape(text) ?? { isInteger: false };
          expect(shape).toEqual(referenceShape(text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('classifies integers by exact range (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (value) => {
        const text = value.toString();
        const expected =
          value >= NUMERIC_LIMITS.int32Min && value <= NUMERIC_LIMITS.int32Max
            ? 'integer'
            : value >= NUMERIC_LIMITS.int64Min && value <= NUMERIC_LIMITS.int64Max
              ? 'bigint'
              : text.replace('-', '').length <= 38
                ? `decimal(${text.replace('-', '').length},0)`
                : 'string';
        expect(type(text)).toBe(expected);
      }),
    );
  });
});
