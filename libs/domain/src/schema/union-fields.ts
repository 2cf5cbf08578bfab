import type { DriftDiff, FieldSchema, FieldType, SchemaFields } from '@tributary/contracts';
import { assignColumns } from '../inference/column-names';
import { joinTypes } from '../inference/type-join';
import { type TypeInfo, schemaTypeParts, typeInfoOf } from '../inference/type-info';
import { setRecordValue } from '../records/set-record-value';
import { ownValue } from '../records/own-value';

function hinted(hint: FieldType | undefined, type: TypeInfo): TypeInfo {
  if (hint === undefined || hint === type.type) return type;
  return typeInfoOf({ type: hint });
}

/**
 * The union of the active schema and a file's schema (SPEC §3, union by default):
 * - active fields keep their column and ordinal; their type is the join of both types (a hinted
 *   field keeps its hint) and they are nullable if either side is;
 * - added fields follow in the file's order, nullable (older data lacks them), with columns
 *   that do not collide with existing ones;
 * - removed fields stay, so old data remains readable, and are marked `optional` (and nullable):
 *   once a person accepts the version, files without them are no longer flagged.
 */
export function unionFields(
  active: SchemaFields,
  observed: SchemaFields,
  diff: DriftDiff,
  hints: Readonly<Record<string, FieldType>> = {},
): SchemaFields {
  const next: Record<string, FieldSchema> = {};
  const removed = new Set(diff.removed.map((field) => field.name));
  const activeNames = Object.keys(active).sort(
    (a, b) => (active[a]?.ordinal ?? 0) - (active[b]?.ordinal ?? 0),
  );
  let lastOrdinal = -1;
  for (const name of activeNames) {
    const was = active[name];
    if (was === undefined) continue;
    lastOrdinal = Math.max(lastOrdinal, was.ordinal);
    const now = Object.hasOwn(observed, name) ? observed[name] : undefined;
    if (removed.has(name)) {
      setRecordValue(next, name, { ...was, nullable: true, optional: true });
    } else if (now === undefined) {
      setRecordValue(next, name, was);
    } else {
      const type = hinted(ownValue(hints, name), joinTypes(typeInfoOf(was), typeInfoOf(now)));
      setRecordValue(next, name, {
        ...withoutTypeParts(was),
        ...schemaTypeParts(type),
        nullable: was.nullable || now.nullable,
      });
    }
  }
  const added = Object.keys(observed)
    .filter((name) => !Object.hasOwn(active, name))
    .sort((a, b) => (observed[a]?.ordinal ?? 0) - (observed[b]?.ordinal ?? 0));
  const columns = assignColumns([
    ...Object.values(next),
    ...added.map((name) => ({ path: observed[name]?.path ?? [name] })),
  ]).slice(Object.keys(next).length);
  added.forEach((name, i) => {
    const now = observed[name];
    if (now === undefined) return;
    const type = hinted(ownValue(hints, name), typeInfoOf(now));
    setRecordValue(next, name, {
      ...withoutTypeParts(now),
      ...schemaTypeParts(type),
      nullable: true,
      column: columns[i] ?? now.column,
      ordinal: lastOrdinal + 1 + i,
    });
  });
  return next;
}

/** A file's schema with the source's hints applied: the first version of a source. */
export function hintedFields(
  observed: SchemaFields,
  hints: Readonly<Record<string, FieldType>> = {},
): SchemaFields {
  const next: Record<string, FieldSchema> = {};
  for (const [name, field] of Object.entries(observed)) {
    setRecordValue(next, name, {
      ...withoutTypeParts(field),
      ...schemaTypeParts(hinted(ownValue(hints, name), typeInfoOf(field))),
    });
  }
  return next;
}

function withoutTypeParts(
  field: FieldSchema,
): Omit<FieldSchema, 'type' | 'precision' | 'scale' | 'items'> {
  const { type: _type, precision: _precision, scale: _scale, items: _items, ...rest } = field;
  return rest;
}
