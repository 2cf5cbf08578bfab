import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDbEngine } from '@tributary/adapters';
import { type LatestPointer, latestPointerKey } from '@tributary/contracts';
import { NotFoundError, type ObjectStore } from '@tributary/ports';

export async function latestPointer(
  objects: ObjectStore,
  sourceId: string,
): Promise<LatestPointer | undefined> {
  try {
    return JSON.parse(
      (await objects.getBytes(latestPointerKey(sourceId))).bytes.toString('utf8'),
    ) as LatestPointer;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** Runs SQL over Parquet objects (downloaded) as the view `t`; rows as plain objects. */
export async function queryParquetObjects<T = Record<string, unknown>>(
  objects: ObjectStore,
  keys: readonly string[],
  sql = 'SELECT * FROM t',
): Promise<T[]> {
  if (keys.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'tributary-parquet-'));
  try {
    await mkdir(dir, { recursive: true });
    const paths: string[] = [];
    for (const [i, key] of keys.entries()) {
      const path = join(dir, `f-${i}.parquet`);
      await pipeline((await objects.get(key)).body, createWriteStream(path));
      paths.push(path);
    }
    const engine = await DuckDbEngine.open({ threads: 1 });
    try {
      const list = paths.map((p) => `'${p}'`).join(', ');
      await engine.execute(
        `CREATE VIEW t AS SELECT * FROM read_parquet([${list}], union_by_name = true, hive_partitioning = false)`,
      );
      return await engine.query<T>(sql);
    } finally {
      await engine.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every row of a source's published table state (exactly the files `_LATEST.json` names). */
export async function publishedRows<T = Record<string, unknown>>(
  objects: ObjectStore,
  sourceId: string,
  sql = 'SELECT * FROM t',
): Promise<T[]> {
  const pointer = await latestPointer(objects, sourceId);
  const keys = pointer?.current.partitions.flatMap((p) => p.files.map((f) => f.key)) ?? [];
  return queryParquetObjects<T>(objects, keys, sql);
}
