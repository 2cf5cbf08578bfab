import type { AttributeValue, Attributes, StoredItem } from '@tributary/ports';

const toSnake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const toCamel = (key: string): string =>
  key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * A record's top-level fields become snake_case attributes; nested values (field maps, diffs)
 * are data and keep their names.
 */
export function toItem(record: object): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    out[toSnake(key)] = value as AttributeValue;
  }
  return out;
}

export function fromItem<T>(attributes: Attributes): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) out[toCamel(key)] = value;
  return out as T;
}

/** A record as read, with the revision needed to update it. */
export interface Versioned<T> {
  readonly record: T;
  readonly revision: number;
}

export function versioned<T>(item: StoredItem): Versioned<T> {
  return { record: fromItem<T>(item.attributes), revision: item.revision };
}
