import type { RunRecord } from '@tributary/contracts';
import type { KeyValueStore, TableDefinition } from '@tributary/ports';
import { toItem, type Versioned, versioned } from './item-mapping';
import type { MetadataTables } from './metadata-tables';

/** Promotion runs per source, keyed by run id (time-ordered). */
export class RunRepository {
  private readonly table: TableDefinition;

  constructor(
    private readonly store: KeyValueStore,
    tables: MetadataTables,
  ) {
    this.table = tables.get('runs');
  }

  async create(record: RunRecord): Promise<void> {
    await this.store.write([{ kind: 'create', table: this.table, attributes: toItem(record) }]);
  }

  async get(sourceId: string, runId: string): Promise<Versioned<RunRecord> | undefined> {
    const item = await this.store.get(this.table, { partition: sourceId, sort: runId });
    return item ? versioned<RunRecord>(item) : undefined;
  }

  async update(record: RunRecord, expectedRevision: number): Promise<void> {
    await this.store.write([
      { kind: 'update', table: this.table, attributes: toItem(record), expectedRevision },
    ]);
  }

  /** A source's runs, newest first. */
  async list(sourceId: string, limit?: number): Promise<Versioned<RunRecord>[]> {
    const items = await this.store.query(this.table, sourceId, { descending: true, limit });
    return items.map((i) => versioned<RunRecord>(i));
  }
}
