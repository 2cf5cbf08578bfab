/**
 * The part of Avro our event schemas use, parsed into a tree to validate values against:
 * primitives, records, enums, arrays, maps, unions and references to named types. Logical
 * types are read as their underlying type. `fixed` and recursive unions of several records
 * work; schema evolution (reader vs writer schema) is not done here.
 */
export type AvroPrimitive =
  'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export interface AvroField {
  readonly name: string;
  readonly type: AvroType;
  readonly hasDefault: boolean;
  readonly default?: unknown;
}

export type AvroType =
  | { readonly kind: 'primitive'; readonly name: AvroPrimitive }
  | { readonly kind: 'record'; readonly name: string; readonly fields: AvroField[] }
  | { readonly kind: 'enum'; readonly name: string; readonly symbols: readonly string[] }
  | { readonly kind: 'fixed'; readonly name: string; readonly size: number }
  | { readonly kind: 'array'; readonly items: AvroType }
  | { readonly kind: 'map'; readonly values: AvroType }
  | { readonly kind: 'union'; readonly branches: readonly AvroType[] };

export class AvroSchemaError extends Error {}

const PRIMITIVES = new Set<string>([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Registry = Map<string, AvroType>;

export function parseAvroSchema(schema: unknown): AvroType {
  return parse(schema, '', new Map());
}

function fullName(name: string, namespace: string | undefined, enclosing: string): string {
  if (name.includes('.')) return name;
  const ns = namespace ?? enclosing;
  return ns ? `${ns}.${name}` : name;
}

function namespaceOf(full: string): string {
  const dot = full.lastIndexOf('.');
  return dot < 0 ? '' : full.slice(0, dot);
}

function define(registry: Registry, name: string, type: AvroType): void {
  for (const part of name.split('.')) {
    if (!NAME.test(part)) throw new AvroSchemaError(`invalid name "${name}"`);
  }
  if (registry.has(name)) throw new AvroSchemaError(`type ${name} is defined twice`);
  registry.set(name, type);
}

function parse(schema: unknown, namespace: string, registry: Registry): AvroType {
  if (typeof schema === 'string') {
    if (PRIMITIVES.has(schema)) return { kind: 'primitive', name: schema as AvroPrimitive };
    const named = registry.get(fullName(schema, undefined, namespace)) ?? registry.get(schema);
    if (!named) throw new AvroSchemaError(`unknown type "${schema}"`);
    return named;
  }
  if (Array.isArray(schema)) {
    const branches = schema.map((branch) => parse(branch, namespace, registry));
    if (branches.some((b) => b.kind === 'union')) {
      throw new AvroSchemaError('a union may not hold a union directly');
    }
    return { kind: 'union', branches };
  }
  if (typeof schema !== 'object' || schema === null) {
    throw new AvroSchemaError(`not a schema: ${JSON.stringify(schema)}`);
  }
  const s = schema as Record<string, unknown>;
  const type = s.type;
  switch (type) {
    case 'record':
    case 'error':
      return parseRecord(s, namespace, registry);
    case 'enum': {
      const name = fullName(requireString(s, 'name'), optionalString(s, 'namespace'), namespace);
      const symbols = s.symbols;
      if (!Array.isArray(symbols) || !symbols.every((x) => typeof x === 'string')) {
        throw new AvroSchemaError(`enum ${name} needs string symbols`);
      }
      const parsed: AvroType = { kind: 'enum', name, symbols };
      define(registry, name, parsed);
      return parsed;
    }
    case 'fixed': {
      const name = fullName(requireString(s, 'name'), optionalString(s, 'namespace'), namespace);
      if (typeof s.size !== 'number' || !Number.isInteger(s.size) || s.size < 0) {
        throw new AvroSchemaError(`fixed ${name} needs a size`);
      }
      const parsed: AvroType = { kind: 'fixed', name, size: s.size };
      define(registry, name, parsed);
      return parsed;
    }
    case 'array':
      return { kind: 'array', items: parse(s.items, namespace, registry) };
    case 'map':
      return { kind: 'map', values: parse(s.values, namespace, registry) };
    default:
      // `{ "type": "string", "logicalType": … }` or `{ "type": <a schema> }`.
      return parse(type, namespace, registry);
  }
}

function parseRecord(s: Record<string, unknown>, namespace: string, registry: Registry): AvroType {
  const name = fullName(requireString(s, 'name'), optionalString(s, 'namespace'), namespace);
  const fields: AvroField[] = [];
  const record: AvroType = { kind: 'record', name, fields };
  // Defined before its fields are parsed, so a field may refer to the record itself.
  define(registry, name, record);
  if (!Array.isArray(s.fields)) throw new AvroSchemaError(`record ${name} needs fields`);
  const seen = new Set<string>();
  for (const field of s.fields as unknown[]) {
    if (typeof field !== 'object' || field === null) {
      throw new AvroSchemaError(`record ${name} has a field that is not an object`);
    }
    const f = field as Record<string, unknown>;
    const fieldName = requireString(f, 'name');
    if (!NAME.test(fieldName)) throw new AvroSchemaError(`invalid field name "${fieldName}"`);
    if (seen.has(fieldName)) throw new AvroSchemaError(`${name}.${fieldName} appears twice`);
    seen.add(fieldName);
    fields.push({
      name: fieldName,
      type: parse(f.type, namespaceOf(name), registry),
      hasDefault: 'default' in f,
      default: f.default,
    });
  }
  return record;
}

function requireString(s: Record<string, unknown>, key: string): string {
  const value = s[key];
  if (typeof value !== 'string' || value === '') {
    throw new AvroSchemaError(`schema needs a "${key}": ${JSON.stringify(s).slice(0, 200)}`);
  }
  return value;
}

function optionalString(s: Record<string, unknown>, key: string): string | undefined {
  const value = s[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
