import {
  type Attributes,
  type ItemKey,
  PreconditionFailedError,
  REVISION_ATTRIBUTE,
  type TableDefinition,
  TerminalError,
  type WriteOperation,
} from '@tributary/ports';
import type { Database } from '../sqlite/sqlite-database';

/** Keys are stored as UTF-8 bytes so they sort as DynamoDB sorts them (binary). */
export function encodeKey(value: string): Buffer {
  return Buffer.from(value, 'utf8');
}

function keyAttribute(table: TableDefinition, attributes: Attributes, name: string): string {
  const value = attributes[name];
  if (typeof value !== 'string' || value === '') {
    throw new TerminalError(
      'METADATA_REJECTED',
      `${table.name}: key attribute ${name} must be a non-empty string`,
    );
  }
  return value;
}

export function itemKeyOf(op: WriteOperation): ItemKey {
  switch (op.kind) {
    case 'create':
    case 'update':
    case 'put':
      return {
        partition: keyAttribute(op.table, op.attributes, op.table.partitionKey),
        sort: keyAttribute(op.table, op.attributes, op.table.sortKey),
      };
    case 'delete':
    case 'check':
      return op.key;
  }
}

/** The stored JSON: revision lives in its own column, as DynamoDB's toStored strips it. */
function serialise(table: TableDefinition, attributes: Attributes): string {
  const { [REVISION_ATTRIBUTE]: _revision, ...rest } = attributes;
  return JSON.stringify(rest, (_key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TerminalError(
        'METADATA_REJECTED',
        `${table.name}: ${value} is not a storable number`,
      );
    }
    return value;
  });
}

function currentRevision(db: Database, table: TableDefinition, key: ItemKey): number | undefined {
  const row = db
    .prepare('SELECT revision FROM kv_items WHERE table_name = ? AND pk = ? AND sk = ?')
    .get(table.name, encodeKey(key.partition), encodeKey(key.sort)) as
    { revision: number } | undefined;
  return row === undefined ? undefined : Number(row.revision);
}

function requireRevision(db: Database, op: WriteOperation, key: ItemKey, expected: number): void {
  const current = currentRevision(db, op.table, key);
  if (current !== expected) {
    throw new PreconditionFailedError(
      `${op.kind} ${op.table.name} ${key.partition}/${key.sort}: revision is ${current ?? 'absent'}, expected ${expected}`,
    );
  }
}

function store(
  db: Database,
  op: WriteOperation & { attributes: Attributes },
  revision: number,
): void {
  const key = itemKeyOf(op);
  db.prepare(
    `INSERT INTO kv_items (table_name, pk, sk, attributes, revision) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (table_name, pk, sk) DO UPDATE SET attributes = excluded.attributes, revision = excluded.revision`,
  ).run(
    op.table.name,
    encodeKey(key.partition),
    encodeKey(key.sort),
    serialise(op.table, op.attributes),
    revision,
  );
}

/** One operation inside the caller's transaction; a failed condition throws and rolls all back. */
export function applyOperation(db: Database, op: WriteOperation): void {
  const key = itemKeyOf(op);
  switch (op.kind) {
    case 'create':
      if (currentRevision(db, op.table, key) !== undefined) {
        throw new PreconditionFailedError(
          `create ${op.table.name} ${key.partition}/${key.sort}: the item exists`,
        );
      }
      store(db, op, 1);
      return;
    case 'update':
      requireRevision(db, op, key, op.expectedRevision);
      store(db, op, op.expectedRevision + 1);
      return;
    case 'put':
      store(db, op, 1);
      return;
    case 'delete':
      if (op.expectedRevision !== undefined) requireRevision(db, op, key, op.expectedRevision);
      db.prepare('DELETE FROM kv_items WHERE table_name = ? AND pk = ? AND sk = ?').run(
        op.table.name,
        encodeKey(key.partition),
        encodeKey(key.sort),
      );
      return;
    case 'check':
      requireRevision(db, op, key, op.expectedRevision);
      return;
  }
}
