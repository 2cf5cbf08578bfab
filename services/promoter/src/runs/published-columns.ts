import { type FieldSchema, PROVENANCE_COLUMNS, type SchemaFields } from '@tributary/contracts';
import { compileSchema } from '@tributary/domain';

export interface PublishedColumn {
  /** Parquet column name. */
  readonly name: string;
  /** The field it holds (dotted path for nested JSON), or a provenance column. */
  readonly field: string;
  /** DuckDB type the column is written as. */
  readonly type: string;
  /** Key of the validated row holding its value. */
  readonly rowKey: string;
}

const RESERVED = new Set<string>(Object.values(PROVENANCE_COLUMNS));

/** The DuckDB (and so Parquet) type of a field. */
export function duckDbTypeOf(field: FieldSchema): string {
  switch (field.type) {
    case 'boolean':
      return 'BOOLEAN';
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'double':
      return 'DOUBLE';
    case 'decimal':
      return `DECIMAL(${Math.min(38, Math.max(1, field.precision ?? 38))},${Math.max(0, field.scale ?? 0)})`;
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'string':
    case 'array':
    case 'object':
    case 'null':
      return 'VARCHAR';
  }
}

/**
 * The columns a run publishes: every field with a column of its own (normalised names from the
 * schema version), then the provenance columns. A field whose column would shadow a provenance
 * column is published as `<name>_field`.
 */
export function publishedColumns(fields: SchemaFields): PublishedColumn[] {
  const data = compileSchema(fields).columns.map(({ name, schema }) => ({
    name: RESERVED.has(schema.column) ? `${schema.column}_field` : schema.column,
    field: name,
    type: duckDbTypeOf(schema),
    rowKey: schema.column,
  }));
  return [
    ...data,
    {
      name: PROVENANCE_COLUMNS.fileId,
      field: PROVENANCE_COLUMNS.fileId,
      type: 'VARCHAR',
      rowKey: PROVENANCE_COLUMNS.fileId,
    },
    {
      name: PROVENANCE_COLUMNS.runId,
      field: PROVENANCE_COLUMNS.runId,
      type: 'VARCHAR',
      rowKey: PROVENANCE_COLUMNS.runId,
    },
    {
      name: PROVENANCE_COLUMNS.rowPosition,
      field: PROVENANCE_COLUMNS.rowPosition,
      type: 'BIGINT',
      rowKey: PROVENANCE_COLUMNS.rowPosition,
    },
  ];
}
