import { JsonNumber } from '../records/json-number';

function bigintAsNumber(_key: string, inner: unknown): unknown {
  return typeof inner === 'bigint' ? new JsonNumber(inner.toString()).toJSON() : inner;
}

/**
 * The text a value is compared, counted and sampled by: CSV cells and JSON strings as they are,
 * numbers as their source text, booleans as `true` / `false`, arrays and objects as JSON.
 */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof JsonNumber) return value.source;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  try {
    return JSON.stringify(value);
  } catch {
    // Only JS bigints (never produced by the readers) need the slower replacer.
    return JSON.stringify(value, bigintAsNumber);
  }
}
