import type { FieldSchema, FieldType, SchemaFields } from '@tributary/contracts';

/** A field given by its type alone, or by the parts that differ from a required string field. */
export type FieldSpec = FieldType | Partial<FieldSchema>;

/** Test schemas in a line each: `schema({ id: 'integer', note: { nullable: true } })`. */
export function schema(specs: Record<string, FieldSpec>): SchemaFields {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec], ordinal) => {
      const parts = typeof spec === 'string' ? { type: spec } : spec;
      return [
        name,
        {
          type: 'string',
          path: [name],
          nullable: false,
          column: name,
          ordinal,
          ...parts,
        },
      ];
    }),
  );
}
