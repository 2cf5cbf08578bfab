import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { type ColumnCheck, PROVENANCE_COLUMNS, type RunSummary } from '@tributary/contracts';
import {
  type CheckOutcome,
  type ColumnCheckMeasurement,
  columnCheckSql,
  type CountedFile,
  evaluateColumnCheck,
  quoteIdentifier,
  quoteLiteral,
  resolveCheckColumn,
} from '@tributary/domain';
import {
  errorMessage,
  NotFoundError,
  OBJECT_STORE,
  type ObjectStore,
  SQL_ENGINE_FACTORY,
  type SqlEngine,
  type SqlEngineFactory,
} from '@tributary/ports';
import { QUALITY_CONFIG, type QualityConfig } from '../quality.config';

/** What DuckDB found in a run's Parquet. */
export interface Inspection {
  readonly files: readonly CountedFile[];
  /** Rows carrying the run's id in `_tributary_run_id`. */
  readonly runRows: number;
  readonly columnOutcomes: readonly CheckOutcome[];
}

/**
 * Counts a run's Parquet rows and evaluates the source's column checks with DuckDB. The engine has
 * no httpfs: each file is downloaded to a private folder of the work dir first and removed after.
 */
@Injectable()
export class RunInspector {
  constructor(
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(SQL_ENGINE_FACTORY) private readonly engines: SqlEngineFactory,
    @Inject(QUALITY_CONFIG) private readonly config: QualityConfig,
  ) {}

  async inspect(summary: RunSummary, checks: readonly ColumnCheck[]): Promise<Inspection> {
    const dir = join(this.config.workDir, `${summary.runId}-${randomBytes(4).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    try {
      const listed = summary.partitions.flatMap((p) => p.files);
      const local: { key: string; declaredRows: number; path: string | null }[] = [];
      for (const [i, file] of listed.entries()) {
        local.push({
          key: file.key,
          declaredRows: file.rows,
          path: await this.download(file.key, join(dir, `part-${i}.parquet`)),
        });
      }
      const engine = await this.engines.open({ ...this.config.duckdb, tempDirectory: dir });
      try {
        const files: CountedFile[] = [];
        const present: string[] = [];
        for (const f of local) {
          const rows = f.path === null ? null : await countRows(engine, readParquet([f.path]));
          if (rows !== null) present.push(f.path!);
          files.push({ key: f.key, declaredRows: f.declaredRows, actualRows: rows });
        }
        const relation = present.length > 0 ? readParquet(present) : undefined;
        const runRows = relation ? await this.runRows(engine, relation, summary.runId) : 0;
        const columnOutcomes: CheckOutcome[] = [];
        for (const check of checks) {
          columnOutcomes.push(
            evaluateColumnCheck(check, await this.measure(engine, relation, check, summary)),
          );
        }
        return { files, runRows, columnOutcomes };
      } finally {
        await engine.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async download(key: string, path: string): Promise<string | null> {
    try {
      const { body } = await this.objects.get(key);
      await pipeline(body, createWriteStream(path));
      return path;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  private async runRows(engine: SqlEngine, relation: string, runId: string): Promise<number> {
    try {
      const [row] = await engine.query<{ n: string }>(
        `SELECT count(*)::BIGINT AS n FROM ${relation} WHERE ${quoteIdentifier(PROVENANCE_COLUMNS.runId)} = ${quoteLiteral(runId)}`,
      );
      return Number(row?.n ?? 0);
    } catch {
      // No provenance column: no row can be traced to the run (the reconciliation says so).
      return 0;
    }
  }

  private async measure(
    engine: SqlEngine,
    relation: string | undefined,
    check: ColumnCheck,
    summary: RunSummary,
  ): Promise<ColumnCheckMeasurement> {
    const column = resolveCheckColumn(check, summary.columns);
    if (!column) return { kind: 'column-missing' };
    if (!relation) return { kind: 'counted', counts: { violations: 0, examples: null } };
    try {
      const [row] = await engine.query<{ violations: string | number; examples: string | null }>(
        columnCheckSql(check, relation, column),
      );
      return {
        kind: 'counted',
        counts: { violations: Number(row?.violations ?? 0), examples: row?.examples ?? null },
      };
    } catch (error) {
      return { kind: 'error', message: errorMessage(error).split('\n')[0]!.slice(0, 300) };
    }
  }
}

/** The rows of these local Parquet files, of any schema version, columns aligned by name. */
export function readParquet(paths: readonly string[]): string {
  return `read_parquet([${paths.map(quoteLiteral).join(', ')}], union_by_name = true, hive_partitioning = false)`;
}

/** Rows of a Parquet file; null when DuckDB cannot read it (not Parquet, truncated). */
async function countRows(engine: SqlEngine, relation: string): Promise<number | null> {
  try {
    const [row] = await engine.query<{ n: string }>(
      `SELECT count(*)::BIGINT AS n FROM ${relation}`,
    );
    return Number(row?.n ?? 0);
  } catch {
    return null;
  }
}
