import type { FieldSchema, SchemaFields } from '@tributary/contracts';

/** A node of the schema's path tree: a field at this path, and the fields below it. */
export interface PathNode {
  readonly field: { readonly name: string; readonly schema: FieldSchema } | undefined;
  readonly children: Map<string, PathNode>;
}

export interface CompiledSchema {
  /** Fields with a column of their own (all but objects), in ordinal order. */
  readonly columns: readonly { readonly name: string; readonly schema: FieldSchema }[];
  readonly root: PathNode;
  /** Object fields (no column of their own: checked to be objects when present). */
  readonly objects: readonly FieldSchema[];
}

const cache = new WeakMap<SchemaFields, CompiledSchema>();

/** The schema arranged for validating many rows; computed once per `SchemaFields` object. */
export function compileSchema(fields: SchemaFields): CompiledSchema {
  const cached = cache.get(fields);
  if (cached !== undefined) return cached;
  const root: PathNode = { field: undefined, children: new Map() };
  const entries = Object.entries(fields).sort(([, a], [, b]) => a.ordinal - b.ordinal);
  for (const [name, schema] of entries) {
    let node = root;
    schema.path.forEach((segment, depth) => {
      let child = node.children.get(segment);
      if (child === undefined) {
        const isLast = depth === schema.path.length - 1;
        child = { field: isLast ? { name, schema } : undefined, children: new Map() };
        node.children.set(segment, child);
      } else if (depth === schema.path.length - 1) {
        child = { field: { name, schema }, children: child.children };
        node.children.set(segment, child);
      }
      node = child;
    });
  }
  const compiled: CompiledSchema = {
    columns: entries
      .filter(([, schema]) => schema.type !== 'object')
      .map(([name, schema]) => ({ name, schema })),
    root,
    objects: Object.values(fields).filter((schema) => schema.type === 'object'),
  };
  cache.set(fields, compiled);
  return compiled;
}
