import type { FileRecord } from '@tributary/contracts';
import type { KeyValueStore, TableDefinition } from '@tributary/ports';
import { toItem, type Versioned, versioned } from './item-mapping';
import type { MetadataTables } from './metadata-tables';

/** The files ledger: one item per accepted upload, keyed by source and file id (a ULID). */
export class FileLedgerRepository {
  private readonly table: TableDefinition;

  constructor(
    private readonly store: KeyValueStore,
    tables: MetadataTables,
  ) {
    this.table = tables.get('files');
  }

  async create(record: FileRecord): Promise<void> {
    await this.store.write([{ kind: 'create', table: this.table, attributes: toItem(record) }]);
  }

  async get(sourceId: string, fileId: string): Promise<Versioned<FileRecord> | undefined> {
    const item = await this.store.get(this.table, { partition: sourceId, sort: fileId });
    return item ? versioned<FileRecord>(item) : undefined;
  }

  async update(record: FileRecord, expectedRevision: number): Promise<void> {
    await this.store.write([
      { kind: 'update', table: this.table, attributes: toItem(record), expectedRevision },
    ]);
  }

  /** A source's files in upload order, optionally only those after a file id (the watermark). */
  async list(
    sourceId: string,
    options: { afterFileId?: string; limit?: number } = {},
  ): Promise<Versioned<FileRecord>[]> {
    const items = await this.store.query(this.table, sourceId, {
      sortKeyAfter: options.afterFileId,
      limit: options.limit,
    });
    return items.map((i) => versioned<FileRecord>(i));
  }
}
