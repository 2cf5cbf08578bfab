/**
 * The attributes of an item with every plain object turned into a `Map`, for the document
 * client's marshalling. It recognises a plain object by `value.constructor.name === 'Object'`,
 * so a map whose own key is `constructor` (a column named so) was rejected, and one with a
 * `toString` key broke even the error message. A `Map` is marshalled by its entries instead.
 * Unmarshalling assigns keys one by one and keeps these names as they are.
 */
export function plainObjectsAsMaps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainObjectsAsMaps);
  if (!isPlainObject(value)) return value;
  const map = new Map<string, unknown>();
  for (const key of Object.keys(value)) map.set(key, plainObjectsAsMaps(value[key]));
  return map;
}

/** Top-level attributes stay an object (the client expects one); their values are converted. */
export function itemWithMaps(item: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) out[key] = plainObjectsAsMaps(item[key]);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
