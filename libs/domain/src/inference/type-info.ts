import type { FieldSchema, FieldType } from '@tributary/contracts';
import { DEFAULT_NUMERIC_SHAPES } from './text-type-patterns';

/**
 * A point of the type lattice. For `decimal`, `precision`/`scale` are its DECIMAL(p, s). For
 * `integer`, `bigint` and `double` they may carry the decimal shape of the widest value seen
 * (so joining with a decimal keeps every digit); absent means the type's default shape.
 */
export interface TypeInfo {
  readonly type: FieldType;
  readonly precision?: number;
  readonly scale?: number;
  /** For arrays: the joined type of their elements (`null` when only empty arrays were seen). */
  readonly items?: FieldType;
}

export const NULL_TYPE: TypeInfo = Object.freeze({ type: 'null' });
export const BOOLEAN_TYPE: TypeInfo = Object.freeze({ type: 'boolean' });
export const STRING_TYPE: TypeInfo = Object.freeze({ type: 'string' });
export const DATE_TYPE: TypeInfo = Object.freeze({ type: 'date' });
export const TIMESTAMP_TYPE: TypeInfo = Object.freeze({ type: 'timestamp' });
export const OBJECT_TYPE: TypeInfo = Object.freeze({ type: 'object' });

export type NumericType = 'integer' | 'bigint' | 'double' | 'decimal';

export function isNumericType(type: FieldType): type is NumericType {
  return type === 'integer' || type === 'bigint' || type === 'double' || type === 'decimal';
}

/** Integer digits of a numeric type: explicit shape or the type's default. */
export function integerDigitsOf(info: Pick<TypeInfo, 'type' | 'precision' | 'scale'>): number {
  if (info.precision !== undefined) return info.precision - (info.scale ?? 0);
  return DEFAULT_NUMERIC_SHAPES[info.type as NumericType].integerDigits;
}

export function scaleOf(info: Pick<TypeInfo, 'type' | 'precision' | 'scale'>): number {
  if (info.precision !== undefined) return info.scale ?? 0;
  return DEFAULT_NUMERIC_SHAPES[info.type as NumericType].scale;
}

const NUMERIC_KEY_BASE = { integer: 0, bigint: 1, double: 2, decimal: 3 } as const;
/** Shapes up to this size are interned: enough for decimals (≤ 38 digits) and most doubles. */
const INTERNED_SHAPE_LIMIT = 64;
const interned: (TypeInfo | undefined)[] = [];

/**
 * The canonical numeric type: a shape equal to the type's default is dropped (decimals always
 * keep theirs). Small shapes are interned, so equal types are usually the same object, which
 * lets the hot path of inference compare types by reference.
 */
export function numericType(type: NumericType, integerDigits: number, scale: number): TypeInfo {
  const cacheable = integerDigits < INTERNED_SHAPE_LIMIT && scale < INTERNED_SHAPE_LIMIT;
  const key = cacheable
    ? (NUMERIC_KEY_BASE[type] * INTERNED_SHAPE_LIMIT + integerDigits) * INTERNED_SHAPE_LIMIT + scale
    : -1;
  const cached = cacheable ? interned[key] : undefined;
  if (cached !== undefined) return cached;
  const defaults = DEFAULT_NUMERIC_SHAPES[type];
  const shapeless =
    type !== 'decimal' && integerDigits === defaults.integerDigits && scale === defaults.scale;
  const info: TypeInfo = Object.freeze(
    shapeless ? { type } : { type, precision: integerDigits + scale, scale },
  );
  if (cacheable) interned[key] = info;
  return info;
}

const arrays = new Map<FieldType, TypeInfo>();

export function arrayType(items: FieldType): TypeInfo {
  let info = arrays.get(items);
  if (info === undefined) {
    info = Object.freeze({ type: 'array', items });
    arrays.set(items, info);
  }
  return info;
}

/** The lattice point a schema field stands for. */
export function typeInfoOf(
  field: Pick<FieldSchema, 'type' | 'precision' | 'scale' | 'items'>,
): TypeInfo {
  switch (field.type) {
    case 'integer':
    case 'bigint':
    case 'double':
    case 'decimal':
      return numericType(field.type, integerDigitsOf(field), scaleOf(field));
    case 'array':
      return arrayType(field.items ?? 'null');
    case 'null':
      return NULL_TYPE;
    case 'boolean':
      return BOOLEAN_TYPE;
    case 'string':
      return STRING_TYPE;
    case 'date':
      return DATE_TYPE;
    case 'timestamp':
      return TIMESTAMP_TYPE;
    case 'object':
      return OBJECT_TYPE;
  }
}

export function sameType(a: TypeInfo, b: TypeInfo): boolean {
  return (
    a === b ||
    (a.type === b.type && a.precision === b.precision && a.scale === b.scale && a.items === b.items)
  );
}

/** How a type is written in diffs and messages: `decimal(20,2)`, `array<integer>`. */
export function describeType(info: TypeInfo): string {
  if (info.type === 'decimal') return `decimal(${info.precision ?? 38},${info.scale ?? 0})`;
  if (info.type === 'array') return `array<${info.items ?? 'null'}>`;
  return info.type;
}

/** `an integer`, `a decimal(20,2)`: a type named in a sentence. */
export function typeWithArticle(description: string): string {
  return `${/^[aeiou]/.test(description) ? 'an' : 'a'} ${description}`;
}

/** The parts of a schema field that carry its type (value shapes of non-decimals dropped). */
export function schemaTypeParts(
  info: TypeInfo,
): Pick<FieldSchema, 'type' | 'precision' | 'scale' | 'items'> {
  if (info.type === 'decimal') {
    return {
      type: 'decimal',
      precision: info.precision ?? integerDigitsOf(info),
      scale: info.scale ?? 0,
    };
  }
  if (info.type === 'array') return { type: 'array', items: info.items ?? 'null' };
  return { type: info.type };
}
