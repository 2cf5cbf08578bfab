import type { FieldType } from '@tributary/contracts';
import fc from 'fast-check';
import {
  BOOLEAN_TYPE,
  DATE_TYPE,
  NULL_TYPE,
  type NumericType,
  OBJECT_TYPE,
  STRING_TYPE,
  TIMESTAMP_TYPE,
  type TypeInfo,
  arrayType,
  numericType,
  typeInfoOf,
} from '../inference/type-info';
import { isWidening } from './widening';

const t = (type: FieldType) => typeInfoOf({ type });
const decimal = (precision: number, scale: number) =>
  typeInfoOf({ type: 'decimal', precision, scale });

const NUMERIC: NumericType[] = ['integer', 'bigint', 'double', 'decimal'];
const anyType: fc.Arbitrary<TypeInfo> = fc.oneof(
  fc.constantFrom(NULL_TYPE, BOOLEAN_TYPE, STRING_TYPE, DATE_TYPE, TIMESTAMP_TYPE, OBJECT_TYPE),
  fc.constantFrom(...NUMERIC).map((type) => typeInfoOf({ type })),
  fc
    .tuple(
      fc.constantFrom(...NUMERIC),
      fc.integer({ min: 1, max: 25 }),
      fc.integer({ min: 0, max: 6 }),
    )
    .map(([type, digits, scale]) => numericType(type, digits, scale)),
  fc
    .constantFrom<FieldType>('null', 'integer', 'double', 'string', 'date', 'timestamp')
    .map(arrayType),
);

describe('isWidening', () => {
  it.each([
    [t('integer'), t('bigint'), true],
    [t('bigint'), t('double'), true],
    [t('integer'), t('double'), true],
    [t('integer'), decimal(12, 2), true],
    [t('bigint'), decimal(21, 2), true],
    [t('double'), decimal(23, 4), true],
    [t('double'), decimal(20, 4), false],
    [decimal(10, 2), decimal(12, 4), true],
    [t('date'), t('timestamp'), true],
    [t('null'), t('string'), true],
    [t('null'), t('boolean'), true],
    [arrayType('integer'), arrayType('double'), true],
    [arrayType('null'), arrayType('string'), true],
    [t('integer'), t('string'), false],
    [t('date'), t('string'), false],
    [t('double'), t('integer'), false],
    [t('bigint'), t('integer'), false],
    [decimal(12, 4), decimal(10, 2), false],
    [t('timestamp'), t('date'), false],
    [t('boolean'), t('integer'), false],
    [t('integer'), decimal(5, 2), false],
    [arrayType('integer'), arrayType('string'), false],
    [t('integer'), t('integer'), false],
  ])('%j → %j: %s', (from, to, expected) => {
    expect(isWidening(from, to)).toBe(expected);
  });

  it('is transitive (property)', () => {
    fc.assert(
      fc.property(anyType, anyType, anyType, (a, b, c) => {
        if (isWidening(a, b) && isWidening(b, c)) expect(isWidening(a, c)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('never widens back (antisymmetry, property)', () => {
    fc.assert(
      fc.property(anyType, anyType, (a, b) => {
        if (isWidening(a, b)) expect(isWidening(b, a)).toBe(false);
      }),
    );
  });
});
