import { type PipelineStateRecord, SORT_KEY } from '@tributary/contracts';
import type { KeyValueStore, TableDefinition } from '@tributary/ports';
import { toItem, type Versioned, versioned } from './item-mapping';
import type { MetadataTables } from './metadata-tables';

/** The per-source pipeline state; every transition is a compare-and-swap on its revision. */
export class PipelineStateRepository {
  private readonly table: TableDefinition;

  constructor(
    private readonly store: KeyValueStore,
    tables: MetadataTables,
  ) {
    this.table = tables.get('pipelineState');
  }

  private attributes(record: PipelineStateRecord) {
    return { ...toItem(record), [this.table.sortKey]: SORT_KEY.pipelineState };
  }

  async get(sourceId: string): Promise<Versioned<PipelineStateRecord> | undefined> {
    const item = await this.store.get(this.table, {
      partition: sourceId,
      sort: SORT_KEY.pipelineState,
    });
    if (!item) return undefined;
    const { sk: _sk, ...record } = versioned<PipelineStateRecord & { sk?: string }>(item).record;
    return { record, revision: item.revision };
  }

  /** Fails with PreconditionFailedError when the state exists. */
  async create(record: PipelineStateRecord): Promise<void> {
    await this.store.write([
      { kind: 'create', table: this.table, attributes: this.attributes(record) },
    ]);
  }

  /** Fails with PreconditionFailedError when someone else moved the state first. */
  async transition(next: PipelineStateRecord, expectedRevision: number): Promise<void> {
    await this.store.write([
      { kind: 'update', table: this.table, attributes: this.attributes(next), expectedRevision },
    ]);
  }

  async list(): Promise<Versioned<PipelineStateRecord>[]> {
    const out: Versioned<PipelineStateRecord>[] = [];
    for await (const item of this.store.scan(this.table)) {
      const { sk: _sk, ...record } = versioned<PipelineStateRecord & { sk?: string }>(item).record;
      out.push({ record, revision: item.revision });
    }
    return out;
  }
}
