import { SORT_KEY, type SchemaHeadRecord, type SchemaVersionRecord } from '@tributary/contracts';
import type { KeyValueStore, TableDefinition, WriteOperation } from '@tributary/ports';
import { toItem, type Versioned, versioned } from './item-mapping';
import type { MetadataTables } from './metadata-tables';

export interface VersionStatusChange {
  readonly current: Versioned<SchemaVersionRecord>;
  readonly next: SchemaVersionRecord;
}

/** Schema versions and their head, always written together in one conditional transaction. */
export class SchemaVersionRepository {
  private readonly table: TableDefinition;

  constructor(
    private readonly store: KeyValueStore,
    tables: MetadataTables,
  ) {
    this.table = tables.get('schemaVersions');
  }

  async getHead(sourceId: string): Promise<Versioned<SchemaHeadRecord> | undefined> {
    const item = await this.store.get(this.table, {
      partition: sourceId,
      sort: SORT_KEY.schemaHead,
    });
    if (!item) return undefined;
    const { versionKey: _vk, ...record } = versioned<SchemaHeadRecord & { versionKey?: string }>(
      item,
    ).record;
    return { record, revision: item.revision };
  }

  async list(sourceId: string): Promise<Versioned<SchemaVersionRecord>[]> {
    const items = await this.store.query(this.table, sourceId, {
      sortKeyPrefix: SORT_KEY.versionPrefix,
    });
    return items
      .map((i) => versioned<SchemaVersionRecord>(i))
      .sort((a, b) => a.record.version - b.record.version);
  }

  async get(
    sourceId: string,
    versionKey: string,
  ): Promise<Versioned<SchemaVersionRecord> | undefined> {
    const item = await this.store.get(this.table, { partition: sourceId, sort: versionKey });
    return item ? versioned<SchemaVersionRecord>(item) : undefined;
  }

  async getByNumber(
    sourceId: string,
    version: number,
  ): Promise<Versioned<SchemaVersionRecord> | undefined> {
    return (await this.list(sourceId)).find((v) => v.record.version === version);
  }

  async getActive(sourceId: string): Promise<Versioned<SchemaVersionRecord> | undefined> {
    const head = await this.getHead(sourceId);
    if (!head?.record.activeVersionKey) return undefined;
    return this.get(sourceId, head.record.activeVersionKey);
  }

  /**
   * Writes a new version, the new head and any status changes of older versions at once.
   * Fails with PreconditionFailedError when the head moved since it was read.
   */
  async append(
    head: Versioned<SchemaHeadRecord> | undefined,
    nextHead: SchemaHeadRecord,
    version: SchemaVersionRecord,
    changes: readonly VersionStatusChange[] = [],
  ): Promise<void> {
    await this.store.write([
      this.headWrite(head, nextHead),
      { kind: 'create', table: this.table, attributes: toItem(version) },
      ...changes.map((c) => this.versionUpdate(c)),
    ]);
  }

  /** Status changes (resolving a BREAKING version) and the head, in one transaction. */
  async changeStatus(
    head: Versioned<SchemaHeadRecord>,
    nextHead: SchemaHeadRecord,
    changes: readonly VersionStatusChange[],
  ): Promise<void> {
    await this.store.write([
      this.headWrite(head, nextHead),
      ...changes.map((c) => this.versionUpdate(c)),
    ]);
  }

  private headWrite(
    head: Versioned<SchemaHeadRecord> | undefined,
    next: SchemaHeadRecord,
  ): WriteOperation {
    const attributes = { ...toItem(next), [this.table.sortKey]: SORT_KEY.schemaHead };
    return head
      ? { kind: 'update', table: this.table, attributes, expectedRevision: head.revision }
      : { kind: 'create', table: this.table, attributes };
  }

  private versionUpdate(change: VersionStatusChange): WriteOperation {
    return {
      kind: 'update',
      table: this.table,
      attributes: toItem(change.next),
      expectedRevision: change.current.revision,
    };
  }
}
