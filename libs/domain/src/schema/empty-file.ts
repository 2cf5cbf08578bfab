import type { SchemaFields } from '@tributary/contracts';
import { ownValue } from '../records/own-value';

/**
 * The fields a file with no data rows stands for, against the source's ACTIVE schema. Such a
 * file (a 0-byte export, `[]`, a CSV header alone: a day with no data) says nothing about types
 * or nulls, only, at most, which columns exist. A column of the ACTIVE schema it names keeps its
 * ACTIVE definition; a file that names no columns at all stands for the ACTIVE schema as it is.
 * So an empty file never makes a version by itself; only a header that adds or lacks columns does.
 */
export function fieldsOfEmptyFile(active: SchemaFields, observed: SchemaFields): SchemaFields {
  const names = Object.keys(observed);
  if (names.length === 0) return active;
  return Object.fromEntries(names.map((name) => [name, ownValue(active, name) ?? observed[name]!]));
}
