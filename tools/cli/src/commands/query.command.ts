import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  isValidSourceId,
  type LatestPointer,
  latestPointerKey,
  parseObjectKey,
  PROVENANCE_COLUMNS,
  type RunSummary,
  runSuccessKey,
  ZONE,
} from '@tributary/contracts';
import { quoteIdentifier, quoteLiteral } from '@tributary/domain';
import {
  errorMessage,
  NotFoundError,
  type ObjectStore,
  type SqlEngine,
  TributaryError,
} from '@tributary/ports';
import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import { print } from '../output/print';
import { type QueryFlags, type QuerySettings, resolveQuerySettings } from './query.config';
import { queryFailureMessage } from './query-failure';

interface PublishedTable {
  readonly sourceId: string;
  readonly view: string;
  readonly revision: number;
  readonly paths: readonly string[];
  /** Columns and types of the newest schema version in the state (its run's `_SUCCESS`). */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/** The view of a source: its id with `-` → `_` (quote it in SQL when it starts with a digit). */
export function viewName(sourceId: string): string {
  return sourceId.replace(/-/g, '_');
}

function unavailable(error: unknown, what: string): never {
  if (error instanceof CliError) throw error;
  throw new CliError(`${what}: ${errorMessage(error)}`, EXIT.unavailable);
}

/** The object store holding the published tables: a bucket, or an embedded data folder. */
interface TableStore {
  readonly objects: ObjectStore;
  /** How errors name it: `the bucket x` or `the data folder /y`. */
  readonly where: string;
  close(): Promise<void>;
}

async function openTableStore(settings: QuerySettings): Promise<TableStore> {
  // Loaded only here: the adapters (S3, DuckDB, Kafka…) take seconds to load, and no other
  // command needs them.
  const { openEmbeddedPorts, S3ObjectStore } = await import('@tributary/adapters');
  if (settings.kind === 'embedded') {
    const { infraConfigSchema, parseEnv } = await import('@tributary/platform');
    // The same ports embedded mode runs on; only the object store is used (opened lazily).
    const ports = openEmbeddedPorts(
      parseEnv(infraConfigSchema, {
        TRIBUTARY_MODE: 'embedded',
        TRIBUTARY_DATA_DIR: settings.dataDir,
      }),
    );
    return {
      objects: ports.objectStore,
      where: `the data folder ${settings.dataDir}`,
      close: () => ports.close(),
    };
  }
  const store = new S3ObjectStore({
    endpoint: settings.endpoint,
    region: settings.region,
    bucket: settings.bucket,
    forcePathStyle: settings.forcePathStyle,
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
  });
  return {
    objects: store,
    where: `the bucket ${settings.bucket}`,
    close: async () => store.close(),
  };
}

/** Sources with a published state: given ones, or every `_LATEST.json` of the store. */
async function sourcesOf(store: TableStore, wanted: readonly string[]): Promise<string[]> {
  if (wanted.length > 0) {
    const bad = wanted.filter((s) => !isValidSourceId(s));
    if (bad.length > 0) throw new CliError(`invalid source id: ${bad.join(', ')}`, EXIT.usage);
    return [...new Set(wanted)];
  }
  const found: string[] = [];
  try {
    for await (const object of store.objects.list(`${ZONE.curated}/`)) {
      const parsed = parseObjectKey(object.key);
      if (parsed?.zone === 'curated-latest') found.push(parsed.sourceId);
    }
  } catch (error) {
    unavailable(error, `cannot list ${store.where}`);
  }
  return found.sort();
}

/**
 * Downloads a published file once: keys under `curated/` are never overwritten, so a cached copy
 * stays valid. Written to a temp name and renamed, so a cut download is never mistaken for a file.
 */
async function cached(store: TableStore, settings: QuerySettings, key: string): Promise<string> {
  const base =
    settings.kind === 's3' ? join(settings.cacheDir, settings.bucket) : settings.cacheDir;
  const path = join(base, ...key.split('/'));
  if (existsSync(path)) return path;
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(4).toString('hex')}.part`;
  try {
    const { body } = await store.objects.get(key);
    await pipeline(body, createWriteStream(temp));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof NotFoundError)
      throw new CliError(`published file ${key} is missing from ${store.where}`, EXIT.unavailable);
    unavailable(error, `cannot download ${key}`);
  }
  return path;
}

async function publishedTable(
  store: TableStore,
  settings: QuerySettings,
  sourceId: string,
): Promise<PublishedTable | undefined> {
  let pointer: LatestPointer;
  try {
    pointer = JSON.parse(
      (await store.objects.getBytes(latestPointerKey(sourceId))).bytes.toString('utf8'),
    ) as LatestPointer;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    unavailable(error, `cannot read the published state of ${sourceId}`);
  }
  const paths: string[] = [];
  for (const partition of pointer.current.partitions)
    for (const file of partition.files) paths.push(await cached(store, settings, file.key));
  return {
    sourceId,
    view: viewName(sourceId),
    revision: pointer.current.revision,
    paths,
    columns: await newestColumns(store, pointer),
  };
}

/**
 * The published columns of the state's newest schema version, from the `_SUCCESS` of a run that
 * wrote it. Files of older versions are read in those types, so a column a hint retyped (string
 * → date) is a date in the view, not the text both would fall back to.
 */
async function newestColumns(
  store: TableStore,
  pointer: LatestPointer,
): Promise<PublishedTable['columns']> {
  const files = pointer.current.partitions.flatMap((p) => p.files);
  const newest = files.reduce<(typeof files)[number] | undefined>(
    (best, f) => (!best || f.schemaVersion > best.schemaVersion ? f : best),
    undefined,
  );
  if (!newest) return [];
  try {
    const summary = JSON.parse(
      (await store.objects.getBytes(runSuccessKey(pointer.sourceId, newest.runId))).bytes.toString(
        'utf8',
      ),
    ) as Pick<RunSummary, 'columns'>;
    return summary.columns.map((c) => ({ name: c.name, type: c.type }));
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    unavailable(error, `cannot read the run summary of ${pointer.sourceId}`);
  }
}

async function createView(engine: SqlEngine, table: PublishedTable): Promise<void> {
  const name = quoteIdentifier(table.view);
  if (table.paths.length === 0) {
    // A state with no files (everything merged away): an empty table with the provenance columns.
    await engine.execute(
      `CREATE VIEW ${name} AS SELECT NULL::VARCHAR AS ${quoteIdentifier(PROVENANCE_COLUMNS.fileId)}, NULL::VARCHAR AS ${quoteIdentifier(PROVENANCE_COLUMNS.runId)}, NULL::BIGINT AS ${quoteIdentifier(PROVENANCE_COLUMNS.rowPosition)} WHERE false`,
    );
    return;
  }
  // Every schema version together: columns line up by name, missing ones read as NULL, each in
  // the type of the newest version.
  const typed = table.columns.map(
    (c) => `CAST(${quoteIdentifier(c.name)} AS ${c.type}) AS ${quoteIdentifier(c.name)}`,
  );
  await engine.execute(
    `CREATE VIEW ${name} AS SELECT *${typed.length > 0 ? ` REPLACE (${typed.join(', ')})` : ''} FROM read_parquet([${table.paths.map(quoteLiteral).join(', ')}], union_by_name = true, hive_partitioning = false)`,
  );
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Runs SQL over the published state of the given sources (or every published one), one view
 * per source. Used by `tributary query` and `tributary demo`.
 */
export async function queryPublished(
  settings: QuerySettings,
  sql: string,
  wanted: readonly string[] = [],
): Promise<Record<string, unknown>[]> {
  const store = await openTableStore(settings);
  const { DuckDbEngine } = await import('@tributary/adapters');
  let engine: SqlEngine | undefined;
  try {
    const tables: PublishedTable[] = [];
    for (const sourceId of await sourcesOf(store, wanted)) {
      const table = await publishedTable(store, settings, sourceId);
      if (table) tables.push(table);
      else if (wanted.length)
        throw new CliError(`source ${sourceId} has no published state`, EXIT.notFound);
    }
    engine = await DuckDbEngine.open({ threads: 2 });
    for (const table of tables) await createView(engine, table);
    try {
      return await engine.query(sql);
    } catch (error) {
      const message = error instanceof TributaryError ? error.message : errorMessage(error);
      throw new CliError(
        `query failed: ${queryFailureMessage(
          message,
          tables.map((t) => t.view),
        )}`,
        EXIT.rejected,
      );
    }
  } finally {
    await engine?.close();
    await store.close();
  }
}

export function queryCommand(): Command {
  return new Command('query')
    .argument('<sql>', 'DuckDB SQL over one view per source (id with - → _)')
    .description(
      'query the published state of every source with DuckDB: each view reads exactly the files its _LATEST.json names (from a bucket, or an embedded data folder)',
    )
    .option(
      '--source <sourceId>',
      'only this source (repeatable; default: every published source)',
      collect,
    )
    .option(
      '--data-dir <dir>',
      'embedded data folder (default: $TRIBUTARY_DATA_DIR, or ./.tributary when no bucket is configured)',
    )
    .option('--bucket <name>', 'bucket (default: $S3_BUCKET or .stack/env)')
    .option('--endpoint <url>', 'S3 endpoint (default: $S3_ENDPOINT or .stack/env)')
    .option(
      '--cache-dir <dir>',
      'local cache of downloaded files (default: $TRIBUTARY_CACHE_DIR, ~/.cache/tributary/query, or the data folder)',
    )
    .option('--json', 'print the rows as JSON')
    .action(async (sql: string, flags: QueryFlags & { source?: string[]; json?: boolean }) => {
      const rows = await queryPublished(resolveQuerySettings(flags), sql, flags.source ?? []);
      if (flags.json) print(rows, { json: true });
      else print(rows, {});
    });
}
