import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import {
  type LatestPointer,
  PROVENANCE_COLUMNS,
  type SchemaFields,
  type StagedPart,
  stagingKey,
} from '@tributary/contracts';
import { ownValue } from '@tributary/domain';
import { OBJECT_STORE, type ObjectStore, type SqlEngine, TerminalError } from '@tributary/ports';
import { quoteIdentifier, quoteLiteral } from '../batch/parquet-writer';
import type { PublishedColumn } from '../published-columns';

export interface MergeInput {
  readonly sourceId: string;
  readonly runId: string;
  readonly fields: SchemaFields;
  readonly primaryKey: readonly string[];
  readonly columns: readonly PublishedColumn[];
  readonly staged: readonly StagedPart[];
  readonly pointer: LatestPointer | undefined;
  /** A backfill's dates: rebuilt from the run's rows alone, not merged over what is there. */
  readonly rebuiltDates: readonly string[] | null;
  readonly engine: SqlEngine;
  readonly workDir: string;
}

/**
 * `merge` write mode: upsert by the source's primary key. The newest row per key wins: the row
 * of the later upload, then the later position (a correction re-submitted from quarantine
 * stands where its original row stood, so it never overrides a newer upload of the key), and on
 * a tie this run's row. Every partition that gains or loses a row is rewritten whole; a
 * partition left empty is published with no files. A backfill's dates are rebuilt from the
 * run's rows merged with the rest of the table.
 */
@Injectable()
export class MergeByKey {
  constructor(@Inject(OBJECT_STORE) private readonly objects: ObjectStore) {}

  async merge(input: MergeInput): Promise<StagedPart[]> {
    const keyColumns = input.primaryKey.map((field) => {
      const column = ownValue(input.fields, field)?.column;
      if (!column)
        throw new TerminalError(
          'MERGE_KEY_UNKNOWN',
          `primary key field "${field}" is not in the schema`,
        );
      return input.columns.find((c) => c.rowKey === column)!.name;
    });
    const dir = join(input.workDir, input.runId, 'merge');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const rebuilt = new Set(input.rebuiltDates ?? []);
    const current = await this.download(
      (input.pointer?.current.partitions ?? [])
        .filter((p) => !rebuilt.has(p.date))
        .flatMap((p) => p.files.map((f) => ({ key: f.key, date: p.date }))),
      join(dir, 'current'),
    );
    const incoming = await this.download(
      input.staged.map((p) => ({ key: p.stagingKey, date: p.date })),
      join(dir, 'incoming'),
    );
    const engine = input.engine;
    if (incoming.length === 0)
      return [...rebuilt].sort().map((date) => ({ batch: -1, date, stagingKey: '', rows: 0 }));
    const aligned = async (path: string) => `(${await alignedSelect(engine, path, input.columns)})`;
    const currentRows = await Promise.all(
      current.map(async (f) => ({ ...f, sql: await aligned(f.path) })),
    );
    const incomingRows = await Promise.all(
      incoming.map(async (f) => ({ ...f, sql: await aligned(f.path) })),
    );
    await engine.execute('DROP TABLE IF EXISTS merge_rows');
    const sources = [
      ...currentRows.map(
        (f) => `SELECT *, ${quoteLiteral(f.date)} AS __date, 0 AS __newer FROM ${f.sql}`,
      ),
      ...incomingRows.map(
        (f) => `SELECT *, ${quoteLiteral(f.date)} AS __date, 1 AS __newer FROM ${f.sql}`,
      ),
    ];
    const keys = keyColumns.map(quoteIdentifier).join(', ');
    await engine.execute(
      `CREATE TABLE merge_rows AS SELECT * FROM (${sources.join(' UNION ALL ')})
       QUALIFY row_number() OVER (PARTITION BY ${keys} ORDER BY ${quoteIdentifier(PROVENANCE_COLUMNS.fileId)} DESC, ${quoteIdentifier(PROVENANCE_COLUMNS.rowPosition)} DESC, __newer DESC) = 1`,
    );
    const incomingDates = new Set(incoming.map((f) => f.date));
    const touched = new Set<string>([...incomingDates, ...rebuilt]);
    if (current.length > 0) {
      // Partitions that held an old version of an incoming key lose that row: rewrite them too.
      const on = keyColumns
        .map((k) => `c.${quoteIdentifier(k)} IS NOT DISTINCT FROM n.${quoteIdentifier(k)}`)
        .join(' AND ');
      await engine.execute(
        `CREATE OR REPLACE TEMP TABLE merge_incoming_keys AS SELECT DISTINCT ${keys} FROM (${incomingRows
          .map((f) => `SELECT * FROM ${f.sql}`)
          .join(' UNION ALL ')})`,
      );
      await engine.execute(
        `CREATE OR REPLACE TEMP TABLE merge_current_keys AS ${currentRows
          .map((f) => `SELECT ${keys}, ${quoteLiteral(f.date)} AS __date FROM ${f.sql}`)
          .join(' UNION ALL ')}`,
      );
      const moved = await engine.query<{ date: string }>(
        `SELECT DISTINCT c.__date AS date FROM merge_current_keys c SEMI JOIN merge_incoming_keys n ON ${on}`,
      );
      for (const { date } of moved) touched.add(date);
    }
    const out: StagedPart[] = [];
    const published = input.columns.map((c) => quoteIdentifier(c.name)).join(', ');
    for (const date of [...touched].sort()) {
      const [{ n }] = (await engine.query<{ n: string }>(
        `SELECT count(*)::BIGINT AS n FROM merge_rows WHERE __date = ${quoteLiteral(date)}`,
      )) as [{ n: string }];
      const rows = Number(n);
      if (rows === 0) {
        out.push({ batch: -1, date, stagingKey: '', rows: 0 });
        continue;
      }
      const local = join(dir, `merged-${date}.parquet`);
      await engine.execute(
        `COPY (SELECT ${published} FROM merge_rows WHERE __date = ${quoteLiteral(date)} ORDER BY ${keys}) TO ${quoteLiteral(local)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      const key = stagingKey(input.sourceId, input.runId, `merge/date=${date}/part-00000.parquet`);
      await this.objects.put(key, createReadStream(local), {
        contentType: 'application/vnd.apache.parquet',
      });
      out.push({ batch: -1, date, stagingKey: key, rows });
    }
    await engine.execute('DROP TABLE IF EXISTS merge_rows');
    await engine.execute('DROP TABLE IF EXISTS merge_incoming_keys');
    await engine.execute('DROP TABLE IF EXISTS merge_current_keys');
    await rm(dir, { recursive: true, force: true });
    return out;
  }

  private async download(
    files: readonly { key: string; date: string }[],
    dir: string,
  ): Promise<{ path: string; date: string }[]> {
    await mkdir(dir, { recursive: true });
    const out: { path: string; date: string }[] = [];
    for (const [i, file] of files.entries()) {
      const path = join(dir, `f-${i}.parquet`);
      const { body } = await this.objects.get(file.key);
      await pipeline(body, createWriteStream(path));
      out.push({ path, date: file.date });
    }
    return out;
  }
}

/**
 * A file's rows in the run's published columns and types: columns an older schema version did
 * not have read as NULL (additive evolution), so files of several versions line up.
 */
export async function alignedSelect(
  engine: SqlEngine,
  path: string,
  columns: readonly PublishedColumn[],
): Promise<string> {
  const present = new Set(
    (
      await engine.query<{ column_name: string }>(
        `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(path)}, hive_partitioning = false)`,
      )
    ).map((r) => r.column_name),
  );
  const select = columns
    .map((c) =>
      present.has(c.name)
        ? `CAST(${quoteIdentifier(c.name)} AS ${c.type}) AS ${quoteIdentifier(c.name)}`
        : `CAST(NULL AS ${c.type}) AS ${quoteIdentifier(c.name)}`,
    )
    .join(', ');
  return `SELECT ${select} FROM read_parquet(${quoteLiteral(path)}, hive_partitioning = false)`;
}
