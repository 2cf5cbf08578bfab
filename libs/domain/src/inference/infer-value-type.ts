import type { ValueSyntax } from '../records/file-format';
import { JsonNumber } from '../records/json-number';
import { numberTextType } from './numeric-text';
import { isDateText, isTimestampText } from './temporal-text';
import { joinTypes } from './type-join';
import {
  BOOLEAN_TYPE,
  DATE_TYPE,
  NULL_TYPE,
  OBJECT_TYPE,
  STRING_TYPE,
  TIMESTAMP_TYPE,
  type TypeInfo,
  arrayType,
} from './type-info';

const DASH = 45;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A date or timestamp per `TEXT_TYPE_PATTERNS`, or undefined. */
function temporalTextType(text: string): TypeInfo | undefined {
  if (text.length < 10 || text.charCodeAt(4) !== DASH || !isDigit(text.charCodeAt(0)))
    return undefined;
  if (text.length === 10) return isDateText(text) ? DATE_TYPE : undefined;
  return isTimestampText(text) ? TIMESTAMP_TYPE : undefined;
}

/**
 * The type of a CSV cell's text, per `TEXT_TYPE_PATTERNS`. Dispatches on the first character
 * so that most strings are rejected after one comparison.
 */
export function inferTextType(text: string): TypeInfo {
  const first = text.charCodeAt(0);
  if (isDigit(first) || first === 43 || first === DASH) {
    return numberTextType(text) ?? temporalTextType(text) ?? STRING_TYPE;
  }
  const lower = first | 32;
  if (lower === 116 && text.length === 4 && text.toLowerCase() === 'true') return BOOLEAN_TYPE;
  if (lower === 102 && text.length === 5 && text.toLowerCase() === 'false') return BOOLEAN_TYPE;
  return STRING_TYPE;
}

/** A JSON string: a date or timestamp when it looks like one, else a string (never a number). */
export function inferJsonStringType(text: string): TypeInfo {
  return temporalTextType(text) ?? STRING_TYPE;
}

/** The type of one value of a record read with the given syntax. */
export function inferValueType(value: unknown, syntax: ValueSyntax): TypeInfo {
  if (value === null || value === undefined) return NULL_TYPE;
  if (typeof value === 'string')
    return syntax === 'text' ? inferTextType(value) : inferJsonStringType(value);
  if (value instanceof JsonNumber) return numberTextType(value.source) ?? STRING_TYPE;
  if (typeof value === 'boolean') return BOOLEAN_TYPE;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? (numberTextType(String(value)) ?? STRING_TYPE) : STRING_TYPE;
  }
  if (typeof value === 'bigint') return numberTextType(value.toString()) ?? STRING_TYPE;
  if (Array.isArray(value)) return arrayType(joinElementTypes(value, syntax));
  if (typeof value === 'object') return OBJECT_TYPE;
  return STRING_TYPE;
}

function joinElementTypes(elements: readonly unknown[], syntax: ValueSyntax): TypeInfo['type'] {
  let joined = NULL_TYPE;
  for (const element of elements) {
    joined = joinTypes(joined, inferValueType(element, syntax));
    if (joined === STRING_TYPE) break;
  }
  return joined.type;
}
