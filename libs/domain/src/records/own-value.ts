/**
 * `record[key]` when the record has that key itself, else undefined. Field names come from
 * users' files: a plain lookup of `constructor` or `__proto__` would find Object.prototype's.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
