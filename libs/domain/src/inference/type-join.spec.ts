import type { FieldType } from '@tributary/contracts';
import fc from 'fast-check';
import { joinTypes } from './type-join';
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
  describeType,
  numericType,
  typeInfoOf,
} from './type-info';

const NUMERIC: NumericType[] = ['integer', 'bigint', 'double', 'decimal'];
const ITEMS: FieldType[] = [
  'null',
  'boolean',
  'integer',
  'bigint',
  'double',
  'decimal',
  'string',
  'date',
  'timestamp',
  'object',
  'array',
];

/** Any point of the lattice (decimals within 38 digits). */
const anyType: fc.Arbitrary<TypeInfo> = fc.oneof(
  fc.constantFrom(NULL_TYPE, BOOLEAN_TYPE, STRING_TYPE, DATE_TYPE, TIMESTAMP_TYPE, OBJECT_TYPE),
  fc.constantFrom(...NUMERIC).map((type) => typeInfoOf({ type })),
  fc
    .tuple(
      fc.constantFrom(...NUMERIC),
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 0, max: 8 }),
    )
    .map(([type, digits, scale]) => numericType(type, digits, scale)),
  fc.constantFrom(...ITEMS).map(arrayType),
);

const join = (a: TypeInfo, b: TypeInfo) => describeType(joinTypes(a, b));
const t = (type: FieldType) => typeInfoOf({ type });

describe('joinTypes', () => {
  it.each([
    [t('null'), t('integer'), 'integer'],
    [t('integer'), t('bigint'), 'bigint'],
    [t('bigint'), t('double'), 'double'],
    [t('integer'), t('double'), 'double'],
    [numericType('integer', 3, 0), numericType('decimal', 20, 2), 'decimal(22,2)'],
    [t('integer'), numericType('decimal', 5, 2), 'decimal(12,2)'],
    [t('bigint'), numericType('decimal', 5, 2), 'decimal(21,2)'],
    [numericType('double', 2, 3), numericType('decimal', 19, 1), 'decimal(22,3)'],
    [numericType('decimal', 36, 2), numericType('decimal', 10, 8), 'string'],
    [t('date'), t('timestamp'), 'timestamp'],
    [t('boolean'), t('integer'), 'string'],
    [t('date'), t('integer'), 'string'],
    [t('object'), t('object'), 'object'],
    [t('object'), arrayType('integer'), 'string'],
    [arrayType('integer'), arrayType('double'), 'array<double>'],
    [arrayType('integer'), arrayType('boolean'), 'array<string>'],
    [arrayType('null'), arrayType('date'), 'array<date>'],
    [t('string'), t('null'), 'string'],
  ])('%j ∨ %j = %s', (a, b, expected) => {
    expect(join(a, b)).toBe(expected);
  });

  it('is commutative (property)', () => {
    fc.assert(
      fc.property(anyType, anyType, (a, b) => expect(joinTypes(a, b)).toEqual(joinTypes(b, a))),
    );
  });

  it('is associative (property)', () => {
    fc.assert(
      fc.property(anyType, anyType, anyType, (a, b, c) =>
        expect(joinTypes(joinTypes(a, b), c)).toEqual(joinTypes(a, joinTypes(b, c))),
      ),
      { numRuns: 2000 },
    );
  });

  it('is idempotent (property)', () => {
    fc.assert(fc.property(anyType, (a) => expect(joinTypes(a, a)).toEqual(a)));
  });

  it('has null as identity and string as top (property)', () => {
    fc.assert(
      fc.property(anyType, (a) => {
        expect(joinTypes(NULL_TYPE, a)).toEqual(a);
        expect(joinTypes(STRING_TYPE, a)).toEqual(STRING_TYPE);
      }),
    );
  });

  it('is an upper bound: joining the join with either side changes nothing (property)', () => {
    fc.assert(
      fc.property(anyType, anyType, (a, b) => {
        const joined = joinTypes(a, b);
        expect(joinTypes(joined, a)).toEqual(joined);
        expect(joinTypes(joined, b)).toEqual(joined);
      }),
    );
  });
});
