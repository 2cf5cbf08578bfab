/** The inferred type lattice (SPEC §4). `null` is a field that only ever held nulls. */
export const FIELD_TYPES = [
  'null',
  'boolean',
  'integer',
  'bigint',
  'double',
  'decimal',
  'string',
  'date',
  'timestamp',
  'object',
  'array',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export function isFieldType(value: unknown): value is FieldType {
  return typeof value === 'string' && (FIELD_TYPES as readonly string[]).includes(value);
}

/** Per-field statistics kept with a schema version. */
export interface FieldStats {
  readonly count: number;
  readonly nullCount: number;
  /** Estimate of distinct non-null values (K-minimum-values sketch: exact up to 1024, ~3 % error above). */
  readonly distinctEstimate: number;
  readonly min: string | null;
  readonly max: string | null;
  readonly samples: readonly string[];
}

export interface FieldSchema {
  readonly type: FieldType;
  /** For arrays, the joined type of their elements. */
  readonly items?: FieldType;
  /** Dotted path segments for nested JSON; a top-level column has one segment. */
  readonly path: readonly string[];
  readonly nullable: boolean;
  /** A person accepted that files may omit this field (after a removal was resolved). */
  readonly optional?: boolean;
  /** Decimal precision and scale when type is decimal. */
  readonly precision?: number;
  readonly scale?: number;
  /** The column name used in Parquet (lowercase, [a-z0-9_]). */
  readonly column: string;
  /** Position of first appearance, to keep a stable column order. */
  readonly ordinal: number;
}

/** Field name (dotted path for nested JSON) → schema. */
export type SchemaFields = Readonly<Record<string, FieldSchema>>;
