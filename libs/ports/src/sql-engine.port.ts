export type SqlValue = string | number | boolean | null | bigint;

/**
 * An in-process analytical SQL engine (DuckDB) working on local files: the promoter converts
 * validated rows to Parquet with it, the quality gate checks columns, the CLI queries tables.
 */
export interface SqlEngine {
  execute(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Rows as plain objects; BIGINT/HUGEINT/DECIMAL come back as strings so nothing loses precision. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface SqlEngineFactory {
  /** A fresh engine; `threads` caps its parallelism, `memoryLimit` its memory (e.g. '1GB'). */
  open(options?: {
    readonly threads?: number;
    readonly memoryLimit?: string;
    readonly tempDirectory?: string;
  }): Promise<SqlEngine>;
}

export const SQL_ENGINE_FACTORY = Symbol('SQL_ENGINE_FACTORY');
