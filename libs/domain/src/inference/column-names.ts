import { PROVENANCE_COLUMNS } from '@tributary/contracts';

/**
 * Parquet column names (SPEC §3): lowercase `[a-z0-9_]`. Per path segment: accents are removed
 * (`é` → `e`), letters lowercased, every run of other characters becomes one `_`, and `_` made
 * that way at either end is dropped (an underscore the source wrote itself is kept: `_id`
 * stays `_id`); an empty result is `column`. Segments are joined with `__`, and a name starting
 * with a digit gets a leading `_`. Collisions are resolved by `assignColumns`.
 */
export function normaliseColumnName(path: readonly string[]): string {
  const joined = path.map(normaliseSegment).join('__');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

function normaliseSegment(segment: string): string {
  const plain = segment
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  let name = plain.replace(/[^a-z0-9_]+/g, '_');
  if (!plain.startsWith('_')) name = name.replace(/^_+/, '');
  if (!plain.endsWith('_')) name = name.replace(/_+$/, '');
  return name.length === 0 ? 'column' : name;
}

/**
 * Gives every field a distinct column, in the order given (callers pass ordinal order), never
 * one of the provenance columns:
 * a field that already has a column keeps it; others get their normalised name, or the first of
 * `name_2`, `name_3` … that is free. Deterministic, and injective within a schema.
 */
export function assignColumns(
  fields: readonly { readonly path: readonly string[]; readonly column?: string }[],
): string[] {
  // Published Parquet carries the provenance columns beside the data: a source's own column of
  // that name gets a suffix like any other collision.
  const taken = new Set<string>(Object.values(PROVENANCE_COLUMNS));
  for (const field of fields) if (field.column !== undefined) taken.add(field.column);
  return fields.map((field) => {
    if (field.column !== undefined) return field.column;
    const base = normaliseColumnName(field.path);
    let column = base;
    for (let suffix = 2; taken.has(column); suffix++) column = `${base}_${suffix}`;
    taken.add(column);
    return column;
  });
}
