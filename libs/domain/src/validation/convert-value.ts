import type { FieldSchema } from '@tributary/contracts';
import { inferValueType } from '../inference/infer-value-type';
import { normaliseTimestampText } from '../inference/temporal-text';
import { joinTypes } from '../inference/type-join';
import {
  type TypeInfo,
  describeType,
  integerDigitsOf,
  scaleOf,
  typeInfoOf,
  typeWithArticle,
} from '../inference/type-info';
import { valueText } from '../inference/value-text';
import type { ValueSyntax } from '../records/file-format';
import { canonicalDecimalText } from './decimal-text';

/**
 * A value as published: integer → number (int32), bigint → bigint, double → number,
 * decimal → exact plain text (`canonicalDecimalText`), date → `YYYY-MM-DD`, timestamp →
 * normalised ISO text (UTC with `Z` when the source gave a zone), boolean, string; arrays (and
 * objects stored in a string field) → JSON text.
 */
export type TypedValue = null | boolean | number | bigint | string;

export type Conversion =
  | { readonly ok: true; readonly value: TypedValue }
  | { readonly ok: false; readonly reason: string };

const MAX_QUOTED_LENGTH = 100;

/** The offending value, quoted for a person (cut when long). */
export function quoteValue(value: unknown): string {
  const text = valueText(value);
  const cut = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH - 1)}…` : text;
  return JSON.stringify(cut);
}

/**
 * Whether a value of type `value` fits a field of type `field` without changing the field: their
 * join (the same lattice as inference) is the field's type, and for a decimal the value's
 * digits fit its precision and scale.
 */
function fits(field: TypeInfo, value: TypeInfo): boolean {
  if (field.type === 'string') return true;
  const joined = joinTypes(field, value);
  if (joined.type !== field.type) return false;
  if (field.type === 'decimal') {
    return integerDigitsOf(value) <= integerDigitsOf(field) && scaleOf(value) <= scaleOf(field);
  }
  if (field.type === 'array') return joined.items === field.items;
  return true;
}

/**
 * Converts one non-null value to its field's type, by the same rules inference uses: a value
 * converts when its inferred type fits the field (`007` is no integer, `1.5` no bigint, a date
 * is a valid timestamp). Text values (CSV cells, and JSON strings unless `syntax` is `json`)
 * are read by the textual rules.
 */
export function convertValue(
  value: unknown,
  field: FieldSchema,
  syntax: ValueSyntax = 'text',
): Conversion {
  // Every value fits a string field: as text, without inferring what else it could be.
  if (field.type === 'string') return { ok: true, value: valueText(value) };
  const target = targetTypeOf(field);
  const seen = inferValueType(value, syntax);
  if (!fits(target, seen)) {
    const expected = typeWithArticle(describeType(target));
    return {
      ok: false,
      reason: `value ${quoteValue(value)} is not ${expected} (it reads as ${describeType(seen)})`,
    };
  }
  return { ok: true, value: typedValue(value, target) };
}

const targetTypes = new WeakMap<FieldSchema, TypeInfo>();

/** The field's type, computed once per field object (validation asks for it on every value). */
function targetTypeOf(field: FieldSchema): TypeInfo {
  let target = targetTypes.get(field);
  if (target === undefined) {
    target = typeInfoOf(field);
    targetTypes.set(field, target);
  }
  return target;
}

function typedValue(value: unknown, target: TypeInfo): TypedValue {
  const text = valueText(value);
  switch (target.type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : text.toLowerCase() === 'true';
    case 'integer':
    case 'double':
      return typeof value === 'number' ? value : Number(text);
    case 'bigint':
      return BigInt(text);
    case 'decimal':
      return canonicalDecimalText(text);
    case 'date':
      return text;
    case 'timestamp':
      return text.length === 10 ? `${text}T00:00:00` : (normaliseTimestampText(text) ?? text);
    case 'string':
    case 'array':
    case 'object':
      return text;
    case 'null':
      return null;
  }
}
