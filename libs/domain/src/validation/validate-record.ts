import type { EvolutionPolicy, FieldSchema, SchemaFields } from '@tributary/contracts';
import { fieldName } from '../inference/field-name';
import type { ValueSyntax } from '../records/file-format';
import { isJsonObject } from '../records/json-value';
import type { RecordValues } from '../records/record-item';
import { setRecordValue } from '../records/set-record-value';
import { type PathNode, compileSchema } from './compiled-schema';
import { type TypedValue, convertValue } from './convert-value';

export interface Violation {
  /** Field name (dotted path for nested JSON). */
  readonly field: string;
  readonly reason: string;
}

export type ValidationResult =
  | {
      readonly ok: true;
      /** Column → typed value, for every column of the schema. */
      readonly row: Readonly<Record<string, TypedValue>>;
      /** discard_value: the violations whose values were set to null or dropped. */
      readonly discarded: readonly Violation[];
    }
  | { readonly ok: false; readonly violations: readonly Violation[] };

export interface ValidateOptions {
  /** `json` reads JSON strings strictly (a quoted number is no integer); default `text`. */
  readonly syntax?: ValueSyntax;
}

const MISSING = Symbol('missing');

function lookup(values: RecordValues, path: readonly string[]): unknown {
  let current: unknown = values;
  for (const segment of path) {
    if (!isJsonObject(current) || !Object.hasOwn(current, segment)) return MISSING;
    current = current[segment];
  }
  return current;
}

function isRequired(field: FieldSchema): boolean {
  return !field.nullable && field.optional !== true;
}

/** Non-null values at paths the schema does not know (below a string or array field is fine: stored as JSON). */
function extraFields(values: RecordValues, node: PathNode, path: string[], found: string[]): void {
  for (const key of Object.keys(values)) {
    const value = values[key];
    if (value === null || value === undefined) continue;
    const child = node.children.get(key);
    if (child === undefined) {
      found.push(fieldName([...path, key]));
    } else if (
      isJsonObject(value) &&
      (child.field === undefined || child.field.schema.type === 'object')
    ) {
      extraFields(value, child, [...path, key], found);
    }
  }
}

/**
 * Checks one record against the ACTIVE schema and converts it to typed columns (the reference
 * for promotion). Violations: a required field (not nullable, not optional) missing or null; a
 * value that does not convert to its field's type (the value quoted); a field the schema does
 * not have. Under `discard_value` offending values become null (extra fields are dropped) and
 * are listed in `discarded`; under every other policy any violation rejects the row, and no
 * value is ever silently nulled.
 */
export function validateRecord(
  values: RecordValues,
  fields: SchemaFields,
  policy: EvolutionPolicy,
  options: ValidateOptions = {},
): ValidationResult {
  const schema = compileSchema(fields);
  const violations: Violation[] = [];
  const row: Record<string, TypedValue> = {};
  for (const { name, schema: field } of schema.columns) {
    const value = lookup(values, field.path);
    let typed: TypedValue = null;
    if (value === MISSING || value === null || value === undefined) {
      if (isRequired(field)) {
        violations.push({
          field: name,
          reason: value === MISSING ? 'missing required field' : 'required field is null',
        });
      }
    } else {
      const conversion = convertValue(value, field, options.syntax);
      if (conversion.ok) typed = conversion.value;
      else violations.push({ field: name, reason: conversion.reason });
    }
    setRecordValue(row, field.column, typed);
  }
  for (const object of schema.objects) {
    const value = lookup(values, object.path);
    if (value !== MISSING && value !== null && value !== undefined && !isJsonObject(value)) {
      violations.push({ field: fieldName(object.path), reason: convertFailure(value, object) });
    }
  }
  const extras: string[] = [];
  extraFields(values, schema.root, [], extras);
  for (const name of extras)
    violations.push({ field: name, reason: 'unexpected field, not in the schema' });

  if (policy === 'discard_value') return { ok: true, row, discarded: violations };
  return violations.length === 0 ? { ok: true, row, discarded: [] } : { ok: false, violations };
}

function convertFailure(value: unknown, field: FieldSchema): string {
  const conversion = convertValue(value, field);
  return conversion.ok ? 'expected an object' : conversion.reason;
}
