import type { AvroField, AvroType } from './avro-schema';

/**
 * Values checked against an Avro type, to and from the JSON written on the wire. Records keep
 * exactly their schema's fields (extra properties are dropped, missing ones take the default,
 * as avsc does); unions are written unwrapped and read back as their first matching branch;
 * bytes and fixed travel as base64.
 */
export class AvroValueError extends Error {}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Direction = 'write' | 'read';

function fail(path: string, expected: string, value: unknown): never {
  const got =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : `${typeof value} ${String(JSON.stringify(value) ?? value).slice(0, 60)}`;
  throw new AvroValueError(`${path}: expected ${expected}, got ${got}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
  );
}

export function toWire(type: AvroType, value: unknown, path = '$'): unknown {
  return convert(type, value, path, 'write');
}

export function fromWire(type: AvroType, wire: unknown, path = '$'): unknown {
  return convert(type, wire, path, 'read');
}

function convert(type: AvroType, value: unknown, path: string, direction: Direction): unknown {
  switch (type.kind) {
    case 'primitive':
      return primitive(type.name, value, path, direction);
    case 'enum':
      if (typeof value !== 'string' || !type.symbols.includes(value)) {
        fail(path, `one of ${type.symbols.join(', ')}`, value);
      }
      return value;
    case 'fixed': {
      const bytes = primitive('bytes', value, path, direction);
      const length = direction === 'write' ? (value as Buffer).length : (bytes as Buffer).length;
      if (length !== type.size) fail(path, `${type.size} bytes (${type.name})`, value);
      return bytes;
    }
    case 'array':
      if (!Array.isArray(value)) fail(path, 'an array', value);
      return value.map((item, i) => convert(type.items, item, `${path}[${i}]`, direction));
    case 'map':
      if (!isPlainObject(value)) fail(path, 'a map (object)', value);
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          convert(type.values, v, `${path}.${k}`, direction),
        ]),
      );
    case 'record':
      if (!isPlainObject(value)) fail(path, `a record ${type.name}`, value);
      return Object.fromEntries(
        type.fields.map((field) => [field.name, recordField(field, value, path, direction)]),
      );
    case 'union': {
      const problems: string[] = [];
      for (const branch of type.branches) {
        try {
          return convert(branch, value, path, direction);
        } catch (error) {
          if (!(error instanceof AvroValueError)) throw error;
          problems.push(error.message);
        }
      }
      throw new AvroValueError(`${path}: matches no branch of the union (${problems.join('; ')})`);
    }
  }
}

function recordField(
  field: AvroField,
  record: Record<string, unknown>,
  path: string,
  direction: Direction,
): unknown {
  const value = record[field.name];
  const at = `${path}.${field.name}`;
  if (value !== undefined) return convert(field.type, value, at, direction);
  if (!field.hasDefault) throw new AvroValueError(`${at}: missing, and the field has no default`);
  const fallback = defaultValue(field.type, field.default);
  return direction === 'write'
    ? convert(field.type, fallback, at, 'write')
    : fromWire(field.type, convert(field.type, fallback, at, 'write'), at);
}

/** A default as written in a schema (Avro JSON: a union's is its first branch's) as a value. */
function defaultValue(type: AvroType, json: unknown): unknown {
  switch (type.kind) {
    case 'union':
      return defaultValue(type.branches[0]!, json);
    case 'fixed':
      return typeof json === 'string' ? Buffer.from(json, 'latin1') : json;
    case 'primitive':
      return type.name === 'bytes' && typeof json === 'string' ? Buffer.from(json, 'latin1') : json;
    case 'array':
      return Array.isArray(json) ? json.map((item) => defaultValue(type.items, item)) : json;
    case 'map':
      return isPlainObject(json)
        ? Object.fromEntries(
            Object.entries(json).map(([k, v]) => [k, defaultValue(type.values, v)]),
          )
        : json;
    case 'record':
      return isPlainObject(json)
        ? Object.fromEntries(
            type.fields.map((f) => [
              f.name,
              defaultValue(f.type, json[f.name] === undefined ? f.default : json[f.name]),
            ]),
          )
        : json;
    case 'enum':
      return json;
  }
}

function primitive(name: string, value: unknown, path: string, direction: Direction): unknown {
  switch (name) {
    case 'null':
      if (value !== null) fail(path, 'null', value);
      return null;
    case 'boolean':
      if (typeof value !== 'boolean') fail(path, 'a boolean', value);
      return value;
    case 'int':
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < INT_MIN ||
        value > INT_MAX
      ) {
        fail(path, 'an int (32-bit integer)', value);
      }
      return value;
    case 'long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        fail(path, 'a long (safe integer)', value);
      }
      return value;
    case 'float':
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        fail(path, `a finite ${name}`, value);
      }
      return value;
    case 'string':
      if (typeof value !== 'string') fail(path, 'a string', value);
      return value;
    case 'bytes':
      if (direction === 'write') {
        if (!Buffer.isBuffer(value)) fail(path, 'bytes (a Buffer)', value);
        return value.toString('base64');
      }
      if (typeof value !== 'string' || !BASE64.test(value)) fail(path, 'base64 bytes', value);
      return Buffer.from(value, 'base64');
    default:
      throw new AvroValueError(`${path}: unknown primitive ${name}`);
  }
}
