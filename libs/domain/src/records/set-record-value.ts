/**
 * Assigns `record[key] = value` as an own property even for the key `__proto__`, which a plain
 * assignment would turn into a prototype change (a CSV header or a JSON key can be anything).
 */
export function setRecordValue(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    record[key] = value;
  }
}
