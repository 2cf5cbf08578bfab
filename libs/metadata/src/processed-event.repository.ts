import {
  type KeyValueStore,
  PreconditionFailedError,
  type TableDefinition,
} from '@tributary/ports';
import { toItem } from './item-mapping';
import type { MetadataTables } from './metadata-tables';

/** Records which events a consumer has fully handled: the idempotency key of a handler. */
export class ProcessedEventRepository {
  private readonly table: TableDefinition;

  constructor(
    private readonly store: KeyValueStore,
    tables: MetadataTables,
  ) {
    this.table = tables.get('processedEvents');
  }

  async wasProcessed(consumer: string, eventId: string): Promise<boolean> {
    return (await this.store.get(this.table, { partition: consumer, sort: eventId })) !== undefined;
  }

  /** True when this call recorded it; false when it had already been recorded. */
  async markProcessed(consumer: string, eventId: string, now: Date): Promise<boolean> {
    try {
      await this.store.write([
        {
          kind: 'create',
          table: this.table,
          attributes: toItem({ consumer, eventId, processedAt: now.toISOString() }),
        },
      ]);
      return true;
    } catch (error) {
      if (error instanceof PreconditionFailedError) return false;
      throw error;
    }
  }
}
