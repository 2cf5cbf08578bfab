import type { SqlEngine } from '@tributary/ports';
import type { PublishedColumn } from '../published-columns';

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Converts a local NDJSON file of validated rows to one Parquet file with the published types. */
export async function writeParquet(
  engine: SqlEngine,
  input: string,
  output: string,
  columns: readonly PublishedColumn[],
): Promise<void> {
  const jsonColumns = columns
    .map((c) => `${quoteLiteral(c.rowKey)}: ${quoteLiteral(c.type)}`)
    .join(', ');
  const select = columns
    .map((c) => `${quoteIdentifier(c.rowKey)} AS ${quoteIdentifier(c.name)}`)
    .join(', ');
  await engine.execute(
    `COPY (SELECT ${select} FROM read_json(${quoteLiteral(input)}, format = 'newline_delimited', columns = {${jsonColumns}}, maximum_object_size = 67108864))
     TO ${quoteLiteral(output)} (FORMAT parquet, COMPRESSION zstd)`,
  );
}
