import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type Attributes,
  type ItemKey,
  type KeyValueStore,
  type QueryOptions,
  type StoredItem,
  type TableDefinition,
  TerminalError,
  type WriteOperation,
} from '@tributary/ports';
import { embeddedLayout } from '../embedded-layout';
import { type Database, immediate, mapSqliteError, openDatabase } from '../sqlite/sqlite-database';
import { applyOperation, encodeKey, itemKeyOf } from './item-writes';

export interface EmbeddedKeyValueStoreConfig {
  /** The embedded data folder; items live in `<root>/metadata.sqlite`. */
  readonly root: string;
  /** How long a write waits for another process's transaction (default 10 s). */
  readonly busyTimeoutMs?: number;
}

/** DynamoDB's limit on one TransactWriteItems call, kept so both adapters refuse the same writes. */
const MAX_OPERATIONS = 100;
const SCAN_PAGE = 256;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv_tables (
    name TEXT PRIMARY KEY,
    partition_key TEXT NOT NULL,
    sort_key TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS kv_items (
    table_name TEXT NOT NULL,
    pk BLOB NOT NULL,
    sk BLOB NOT NULL,
    attributes TEXT NOT NULL,
    revision INTEGER NOT NULL,
    PRIMARY KEY (table_name, pk, sk)
  ) WITHOUT ROWID;
`;

interface ItemRow {
  readonly attributes: string;
  readonly revision: number;
}

function toStored(row: ItemRow): StoredItem {
  return { attributes: JSON.parse(row.attributes) as Attributes, revision: Number(row.revision) };
}

/** The smallest byte string above every string starting with `prefix`, if there is one. */
function prefixUpperBound(prefix: Buffer): Buffer | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const upper = Buffer.from(prefix.subarray(0, end));
  upper[end - 1] = upper[end - 1]! + 1;
  return upper;
}

/**
 * Metadata tables in one SQLite file (embedded mode), with the DynamoDB adapter's semantics:
 * keys compare as UTF-8 bytes, every item carries a revision, and a write applies all of its
 * operations in one `BEGIN IMMEDIATE` transaction or none of them. Several processes can share
 * the file (WAL, busy timeout).
 */
export class EmbeddedKeyValueStore implements KeyValueStore {
  private db: Database | undefined;
  private readonly knownTables = new Set<string>();

  constructor(private readonly config: EmbeddedKeyValueStoreConfig) {}

  async ensureTables(tables: readonly TableDefinition[]): Promise<void> {
    const db = this.open();
    immediate(db, 'ensure tables', () => {
      const insert = db.prepare(
        'INSERT OR IGNORE INTO kv_tables (name, partition_key, sort_key) VALUES (?, ?, ?)',
      );
      for (const table of tables) insert.run(table.name, table.partitionKey, table.sortKey);
    });
    for (const table of tables) this.knownTables.add(table.name);
  }

  async get(table: TableDefinition, key: ItemKey): Promise<StoredItem | undefined> {
    const db = this.open();
    this.requireTable(db, table);
    const row = this.guard(`get ${table.name}`, () =>
      db
        .prepare(
          'SELECT attributes, revision FROM kv_items WHERE table_name = ? AND pk = ? AND sk = ?',
        )
        .get(table.name, encodeKey(key.partition), encodeKey(key.sort)),
    ) as ItemRow | undefined;
    return row ? toStored(row) : undefined;
  }

  async query(
    table: TableDefinition,
    partition: string,
    options: QueryOptions = {},
  ): Promise<StoredItem[]> {
    const db = this.open();
    this.requireTable(db, table);
    const conditions = ['table_name = ?', 'pk = ?'];
    const params: (string | number | Buffer)[] = [table.name, encodeKey(partition)];
    if (options.sortKeyAfter !== undefined) {
      conditions.push('sk > ?');
      params.push(encodeKey(options.sortKeyAfter));
    }
    if (options.sortKeyPrefix !== undefined) {
      const prefix = encodeKey(options.sortKeyPrefix);
      conditions.push('sk >= ?');
      params.push(prefix);
      const upper = prefixUpperBound(prefix);
      if (upper) {
        conditions.push('sk < ?');
        params.push(upper);
      }
    }
    let sql = `SELECT attributes, revision FROM kv_items WHERE ${conditions.join(' AND ')}
      ORDER BY sk ${options.descending ? 'DESC' : 'ASC'}`;
    if (options.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(Math.max(0, Math.floor(options.limit)));
    }
    const rows = this.guard(`query ${table.name}`, () => db.prepare(sql).all(...params));
    return (rows as unknown as ItemRow[]).map(toStored);
  }

  async *scan(table: TableDefinition): AsyncIterable<StoredItem> {
    const db = this.open();
    this.requireTable(db, table);
    const first = db.prepare(
      `SELECT pk, sk, attributes, revision FROM kv_items WHERE table_name = ?
       ORDER BY pk, sk LIMIT ${SCAN_PAGE}`,
    );
    const next = db.prepare(
      `SELECT pk, sk, attributes, revision FROM kv_items WHERE table_name = ? AND (pk, sk) > (?, ?)
       ORDER BY pk, sk LIMIT ${SCAN_PAGE}`,
    );
    let after: { pk: Uint8Array; sk: Uint8Array } | undefined;
    for (;;) {
      // A page at a time, by key: memory stays flat and no read stays open across a yield.
      const rows = this.guard(`scan ${table.name}`, () =>
        after ? next.all(table.name, after.pk, after.sk) : first.all(table.name),
      ) as unknown as (ItemRow & { pk: Uint8Array; sk: Uint8Array })[];
      for (const row of rows) yield toStored(row);
      if (rows.length < SCAN_PAGE) return;
      const last = rows[rows.length - 1]!;
      after = { pk: last.pk, sk: last.sk };
    }
  }

  async write(operations: readonly WriteOperation[]): Promise<void> {
    if (operations.length === 0) return;
    const what = `write ${operations.map((o) => `${o.kind} ${o.table.name}`).join(', ')}`;
    if (operations.length > MAX_OPERATIONS) {
      throw new TerminalError(
        'METADATA_REJECTED',
        `${what}: more than ${MAX_OPERATIONS} operations`,
      );
    }
    const db = this.open();
    const seen = new Set<string>();
    for (const op of operations) {
      this.requireTable(db, op.table);
      const key = itemKeyOf(op);
      const id = JSON.stringify([op.table.name, key.partition, key.sort]);
      if (seen.has(id)) {
        throw new TerminalError('METADATA_REJECTED', `${what}: two operations on one item`);
      }
      seen.add(id);
    }
    immediate(db, what, () => {
      for (const op of operations) applyOperation(db, op);
    });
  }

  async ping(): Promise<void> {
    const db = this.open();
    this.guard('ping', () => db.prepare('SELECT 1').get());
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  private open(): Database {
    if (this.db) return this.db;
    const path = embeddedLayout(this.config.root).metadataDb;
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new TerminalError('METADATA_REJECTED', `create ${dirname(path)}`, { cause: error });
    }
    const db = openDatabase(path, {
      busyTimeoutMs: this.config.busyTimeoutMs ?? 10_000,
      wal: true,
    });
    try {
      immediate(db, 'create schema', () => db.exec(SCHEMA));
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    return db;
  }

  /** DynamoDB answers an unknown table with ResourceNotFoundException; so do we. */
  private requireTable(db: Database, table: TableDefinition): void {
    if (this.knownTables.has(table.name)) return;
    const row = this.guard(`table ${table.name}`, () =>
      db.prepare('SELECT name FROM kv_tables WHERE name = ?').get(table.name),
    );
    if (!row) {
      throw new TerminalError('METADATA_REJECTED', `table ${table.name} does not exist`);
    }
    this.knownTables.add(table.name);
  }

  private guard<T>(what: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw mapSqliteError(error, what);
    }
  }
}
