import {
  DELIVERY_STATUS,
  type DeliveryRecord,
  type DeliveryStatus,
  OUTSTANDING_DELIVERY_STATUS,
} from '@tributary/contracts';
import {
  type KeyValueStore,
  PreconditionFailedError,
  type TableDefinition,
  type WriteOperation,
} from '@tributary/ports';
import { toItem, type Versioned, versioned } from './item-mapping';
import type { MetadataTables } from './metadata-tables';

/** Where one delivery lives in the log. */
export interface DeliveryRef {
  readonly channel: string;
  readonly deliveryKey: string;
}

/** An index entry: enough to find the delivery and to schedule it without reading it. */
export interface DeliveryIndexEntry extends DeliveryRef {
  readonly sourceId: string;
  readonly status: DeliveryStatus;
  readonly nextAttemptAt: string | null;
}

export interface DeliveryQuery {
  readonly sourceId?: string;
  readonly status?: DeliveryStatus;
  readonly limit: number;
}

/**
 * The notifier's delivery log. Each delivery is one item of `deliveries`; its current status is
 * mirrored by two entries of `delivery_index` (`status#<S>` and `source#<id>#status#<S>`, sorted
 * newest first by event id) written in the same transaction as every change, so outstanding work
 * and per-source queries never need a scan of the whole log.
 */
export class DeliveryLogRepository {
  private readonly table: TableDefinition;
  private readonly index: TableDefinition;

  constructor(
    private readonly store: KeyValueStore,
    tables: MetadataTables,
  ) {
    this.table = tables.get('deliveries');
    this.index = tables.get('deliveryIndex');
  }

  /** Records a new delivery; 'duplicate' when this channel already has one for the event. */
  async create(record: DeliveryRecord): Promise<'created' | 'duplicate'> {
    try {
      await this.store.write([
        { kind: 'create', table: this.table, attributes: toItem(record) },
        ...this.indexPuts(record),
      ]);
      return 'created';
    } catch (error) {
      if (error instanceof PreconditionFailedError) return 'duplicate';
      throw error;
    }
  }

  async get(ref: DeliveryRef): Promise<Versioned<DeliveryRecord> | undefined> {
    const item = await this.store.get(this.table, {
      partition: ref.channel,
      sort: ref.deliveryKey,
    });
    return item ? versioned<DeliveryRecord>(item) : undefined;
  }

  /** Replaces a delivery read at `current`; PreconditionFailedError when it changed since. */
  async update(current: Versioned<DeliveryRecord>, next: DeliveryRecord): Promise<void> {
    const operations: WriteOperation[] = [
      {
        kind: 'update',
        table: this.table,
        attributes: toItem(next),
        expectedRevision: current.revision,
      },
      ...this.indexPuts(next),
    ];
    if (current.record.status !== next.status) {
      for (const key of this.indexKeys(current.record)) {
        operations.push({ kind: 'delete', table: this.index, key });
      }
    }
    await this.store.write(operations);
  }

  /** Every delivery still PENDING or RETRYING, across channels. */
  async listOutstanding(): Promise<DeliveryIndexEntry[]> {
    const pages = await Promise.all(
      OUTSTANDING_DELIVERY_STATUS.map((status) =>
        this.store.query(this.index, statusPartition(status)),
      ),
    );
    return pages.flat().map((item) => toEntry(item.attributes));
  }

  /** Deliveries newest first, optionally of one source and/or one status. */
  async list(query: DeliveryQuery): Promise<DeliveryRecord[]> {
    const statuses = query.status ? [query.status] : DELIVERY_STATUS;
    const pages = await Promise.all(
      statuses.map((status) =>
        this.store.query(
          this.index,
          query.sourceId ? sourceStatusPartition(query.sourceId, status) : statusPartition(status),
          { descending: true, limit: query.limit },
        ),
      ),
    );
    const entries = pages
      .flat()
      .map((item) => {
        const entry = toEntry(item.attributes);
        return { sort: entrySortKey(entry), entry };
      })
      .sort((a, b) => (a.sort < b.sort ? 1 : a.sort > b.sort ? -1 : 0))
      .slice(0, query.limit);
    const records = await Promise.all(entries.map((e) => this.get(e.entry)));
    return records.flatMap((r) => (r ? [r.record] : []));
  }

  private indexKeys(record: DeliveryRecord): { partition: string; sort: string }[] {
    const sort = entrySortKey(record);
    return [
      { partition: statusPartition(record.status), sort },
      { partition: sourceStatusPartition(record.sourceId, record.status), sort },
    ];
  }

  private indexPuts(record: DeliveryRecord): WriteOperation[] {
    return this.indexKeys(record).map((key) => ({
      kind: 'put' as const,
      table: this.index,
      attributes: {
        [this.index.partitionKey]: key.partition,
        [this.index.sortKey]: key.sort,
        ...toItem({
          channel: record.channel,
          deliveryKey: record.deliveryKey,
          sourceId: record.sourceId,
          status: record.status,
          nextAttemptAt: record.nextAttemptAt,
        }),
      },
    }));
  }
}

function statusPartition(status: DeliveryStatus): string {
  return `status#${status}`;
}

function sourceStatusPartition(sourceId: string, status: DeliveryStatus): string {
  return `source#${sourceId}#status#${status}`;
}

/** Event ids are ULIDs, so entries sort by the time of the event. */
function entrySortKey(ref: DeliveryRef): string {
  return `${ref.deliveryKey}#${ref.channel}`;
}

function toEntry(attributes: Readonly<Record<string, unknown>>): DeliveryIndexEntry {
  return {
    channel: String(attributes.channel),
    deliveryKey: String(attributes.delivery_key),
    sourceId: String(attributes.source_id),
    status: attributes.status as DeliveryStatus,
    nextAttemptAt:
      typeof attributes.next_attempt_at === 'string' ? attributes.next_attempt_at : null,
  };
}
