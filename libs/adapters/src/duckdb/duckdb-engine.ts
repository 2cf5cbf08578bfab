import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import {
  type SqlEngine,
  type SqlEngineFactory,
  type SqlValue,
  TerminalError,
} from '@tributary/ports';

function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object') {
    const text = (value as { toString(): string }).toString();
    return text;
  }
  return value;
}

/** DuckDB in-process through @duckdb/node-api. */
export class DuckDbEngine implements SqlEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(
    options: { threads?: number; memoryLimit?: string; tempDirectory?: string } = {},
  ): Promise<DuckDbEngine> {
    const config: Record<string, string> = {};
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    const instance = await DuckDBInstance.create(':memory:', config);
    return new DuckDbEngine(instance, await instance.connect());
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    try {
      await this.connection.run(sql, params.length ? (params as DuckDBValue[]) : undefined);
    } catch (error) {
      throw new TerminalError('SQL_FAILED', `${(error as Error).message}`, { cause: error });
    }
  }

  async query<T = Record<string, unknown>>(
    sql: string,
    params: readonly SqlValue[] = [],
  ): Promise<T[]> {
    try {
      const reader = await this.connection.runAndReadAll(
        sql,
        params.length ? (params as DuckDBValue[]) : undefined,
      );
      return reader.getRowObjects().map((row) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) out[k] = plain(v);
        return out as T;
      });
    } catch (error) {
      throw new TerminalError('SQL_FAILED', `${(error as Error).message}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

export const duckDbEngineFactory: SqlEngineFactory = {
  open: (options) => DuckDbEngine.open(options),
};
