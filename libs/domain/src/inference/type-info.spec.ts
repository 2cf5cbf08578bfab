import {
  describeType,
  numericType,
  sameType,
  schemaTypeParts,
  typeInfoOf,
  typeWithArticle,
} from './type-info';

describe('type-info', () => {
  it('describes types the way diffs show them', () => {
    expect(describeType(typeInfoOf({ type: 'decimal', precision: 20, scale: 2 }))).toBe(
      'decimal(20,2)',
    );
    expect(describeType(typeInfoOf({ type: 'array', items: 'date' }))).toBe('array<date>');
    expect(describeType(typeInfoOf({ type: 'array' }))).toBe('array<null>');
    expect(describeType(typeInfoOf({ type: 'bigint' }))).toBe('bigint');
    expect(typeWithArticle('integer')).toBe('an integer');
    expect(typeWithArticle('decimal(5,2)')).toBe('a decimal(5,2)');
  });

  it('drops value shapes of non-decimals in a schema field, and a default shape altogether', () => {
    expect(schemaTypeParts(numericType('double', 3, 2))).toEqual({ type: 'double' });
    expect(schemaTypeParts(numericType('decimal', 3, 2))).toEqual({
      type: 'decimal',
      precision: 5,
      scale: 2,
    });
    expect(numericType('integer', 10, 0)).toBe(typeInfoOf({ type: 'integer' }));
    expect(sameType(numericType('bigint', 19, 0), typeInfoOf({ type: 'bigint' }))).toBe(true);
  });

  it('reads a decimal written without precision as DECIMAL(18,3)', () => {
    expect(describeType(typeInfoOf({ type: 'decimal' }))).toBe('decimal(18,3)');
  });
});
