import { DuckDBInstance } from '@duckdb/node-api';

export function quote(text) {
  return `'${String(text).replace(/'/g, "''")}'`;
}

export function sqlList(paths) {
  return `[${paths.map(quote).join(', ')}]`;
}

/** An in-memory DuckDB with one connection. */
export async function openDuckDb({ threads = 2, memoryLimit } = {}) {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(threads),
    ...(memoryLimit ? { memory_limit: memoryLimit } : {}),
  });
  const conn = await instance.connect();
  return {
    conn,
    async rows(sql) {
      return (await conn.runAndReadAll(sql)).getRowObjectsJson();
    },
    close() {
      conn.closeSync?.();
      instance.closeSync?.();
    },
  };
}

/** Rows in a set of Parquet files (what every contestant's output is checked with). */
export async function parquetRowCount(paths) {
  if (paths.length === 0) return 0;
  const db = await openDuckDb({ threads: 2 });
  try {
    const [row] = await db.rows(`SELECT count(*) AS n FROM read_parquet(${sqlList(paths)})`);
    return Number(row.n);
  } finally {
    db.close();
  }
}
