import { NUMERIC_LIMITS } from './text-type-patterns';
import {
  OBJECT_TYPE,
  STRING_TYPE,
  TIMESTAMP_TYPE,
  type TypeInfo,
  arrayType,
  integerDigitsOf,
  isNumericType,
  numericType,
  scaleOf,
} from './type-info';

const NUMERIC_RANK = { integer: 0, bigint: 1, double: 2, decimal: 3 } as const;

/**
 * The least type that holds both (the lattice's join, used for every widening decision):
 * - null ∨ X = X; X ∨ X = X; string ∨ X = string.
 * - integer ⊂ bigint ⊂ double ⊂ decimal: the wider kind wins, with the shape that holds the
 *   integer digits and the scale of both (a shapeless type uses `DEFAULT_NUMERIC_SHAPES`);
 *   a decimal needing more than 38 digits becomes a string.
 * - date ∨ timestamp = timestamp; object ∨ object = object (fields merge by path);
 *   array ∨ array = array of the joined element types.
 * - anything else (boolean ∨ integer, date ∨ integer, object ∨ array …) = string.
 */
export function joinTypes(a: TypeInfo, b: TypeInfo): TypeInfo {
  if (a === b) return a;
  if (a.type === 'null') return b;
  if (b.type === 'null') return a;
  if (a.type === 'string' || b.type === 'string') return STRING_TYPE;
  if (isNumericType(a.type) && isNumericType(b.type)) return joinNumeric(a, b);
  if (a.type === b.type) {
    if (a.type === 'array') {
      return arrayType(joinTypes({ type: a.items ?? 'null' }, { type: b.items ?? 'null' }).type);
    }
    return a.type === 'object' ? OBJECT_TYPE : a;
  }
  if (
    (a.type === 'date' && b.type === 'timestamp') ||
    (a.type === 'timestamp' && b.type === 'date')
  ) {
    return TIMESTAMP_TYPE;
  }
  return STRING_TYPE;
}

function joinNumeric(a: TypeInfo, b: TypeInfo): TypeInfo {
  const type =
    NUMERIC_RANK[a.type as keyof typeof NUMERIC_RANK] >=
    NUMERIC_RANK[b.type as keyof typeof NUMERIC_RANK]
      ? a.type
      : b.type;
  const integerDigits = Math.max(integerDigitsOf(a), integerDigitsOf(b));
  const scale = Math.max(scaleOf(a), scaleOf(b));
  if (type === 'decimal' && integerDigits + scale > NUMERIC_LIMITS.maxDecimalPrecision)
    return STRING_TYPE;
  return numericType(type as keyof typeof NUMERIC_RANK, integerDigits, scale);
}
