import { SORT_KEY } from '@tributary/contracts';
import {
  type KeyValueStore,
  PreconditionFailedError,
  type TableDefinition,
} from '@tributary/ports';
import { fromItem, toItem } from './item-mapping';
import type { MetadataTables } from './metadata-tables';

export interface IdempotencyRecord {
  readonly sourceId: string;
  readonly idempotencyKey: string;
  readonly fileId: string;
  readonly createdAt: string;
}

/** Remembers which upload an Idempotency-Key or a content hash produced, per source. */
export class IdempotencyRepository {
  private readonly table: TableDefinition;

  constructor(
    private readonly store: KeyValueStore,
    tables: MetadataTables,
  ) {
    this.table = tables.get('idempotency');
  }

  static forClientKey(key: string): string {
    return `${SORT_KEY.idempotencyKeyPrefix}${key}`;
  }

  static forContent(sha256: string): string {
    return `${SORT_KEY.contentHashPrefix}${sha256}`;
  }

  async find(sourceId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const item = await this.store.get(this.table, { partition: sourceId, sort: key });
    return item ? fromItem<IdempotencyRecord>(item.attributes) : undefined;
  }

  /**
   * Claims all keys for one file at once. Returns undefined on success, or the record that
   * already holds one of the keys when another upload claimed it first.
   */
  async claim(
    sourceId: string,
    keys: readonly string[],
    fileId: string,
    now: Date,
  ): Promise<IdempotencyRecord | undefined> {
    try {
      await this.store.write(
        keys.map((key) => ({
          kind: 'create' as const,
          table: this.table,
          attributes: toItem({
            sourceId,
            idempotencyKey: key,
            fileId,
            createdAt: now.toISOString(),
          }),
        })),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      for (const key of keys) {
        const existing = await this.find(sourceId, key);
        if (existing && existing.fileId !== fileId) return existing;
      }
      throw error;
    }
  }
}
