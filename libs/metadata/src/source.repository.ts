import { SORT_KEY, type SourceRecord } from '@tributary/contracts';
import type { KeyValueStore, TableDefinition } from '@tributary/ports';
import { toItem, type Versioned, versioned } from './item-mapping';
import type { MetadataTables } from './metadata-tables';

export class SourceRepository {
  private readonly table: TableDefinition;

  constructor(
    private readonly store: KeyValueStore,
    tables: MetadataTables,
  ) {
    this.table = tables.get('sources');
  }

  private attributes(record: SourceRecord) {
    return { ...toItem(record), [this.table.sortKey]: SORT_KEY.source };
  }

  /** Fails with PreconditionFailedError when the source exists. */
  async create(record: SourceRecord): Promise<void> {
    await this.store.write([
      { kind: 'create', table: this.table, attributes: this.attributes(record) },
    ]);
  }

  async get(sourceId: string): Promise<Versioned<SourceRecord> | undefined> {
    const item = await this.store.get(this.table, { partition: sourceId, sort: SORT_KEY.source });
    return item ? strip(versioned<SourceRecord>(item)) : undefined;
  }

  async update(record: SourceRecord, expectedRevision: number): Promise<void> {
    await this.store.write([
      { kind: 'update', table: this.table, attributes: this.attributes(record), expectedRevision },
    ]);
  }

  async list(): Promise<Versioned<SourceRecord>[]> {
    const out: Versioned<SourceRecord>[] = [];
    for await (const item of this.store.scan(this.table))
      out.push(strip(versioned<SourceRecord>(item)));
    return out.sort((a, b) => a.record.sourceId.localeCompare(b.record.sourceId));
  }
}

function strip(v: Versioned<SourceRecord>): Versioned<SourceRecord> {
  const { sk: _sk, ...record } = v.record as SourceRecord & { sk?: string };
  return { record, revision: v.revision };
}
