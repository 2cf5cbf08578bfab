import type { FileRecord } from '@tributary/contracts';
import {
  type KeyValueStore,
  PreconditionFailedError,
  type TableDefinition,
} from '@tributary/ports';
import { fromItem, toItem } from './item-mapping';
import type { IdempotencyRecord } from './idempotency.repository';
import type { MetadataTables } from './metadata-tables';

export type LandingOutcome =
  | { readonly outcome: 'recorded' }
  | { readonly outcome: 'duplicate'; readonly existing: IdempotencyRecord };

/**
 * Records an upload in the files ledger and claims its idempotency keys (client key, content
 * hash) in one transaction, so a crash can never leave a key pointing at an unrecorded file.
 */
export class LandingRepository {
  private readonly files: TableDefinition;
  private readonly keys: TableDefinition;

  constructor(
    private readonly store: KeyValueStore,
    tables: MetadataTables,
  ) {
    this.files = tables.get('files');
    this.keys = tables.get('idempotency');
  }

  async recordLanding(
    file: FileRecord,
    idempotencyKeys: readonly string[],
  ): Promise<LandingOutcome> {
    try {
      await this.store.write([
        { kind: 'create', table: this.files, attributes: toItem(file) },
        ...idempotencyKeys.map((key) => ({
          kind: 'create' as const,
          table: this.keys,
          attributes: toItem({
            sourceId: file.sourceId,
            idempotencyKey: key,
            fileId: file.fileId,
            createdAt: file.landedAt,
          }),
        })),
      ]);
      return { outcome: 'recorded' };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      for (const key of idempotencyKeys) {
        const item = await this.store.get(this.keys, { partition: file.sourceId, sort: key });
        if (item)
          return { outcome: 'duplicate', existing: fromItem<IdempotencyRecord>(item.attributes) };
      }
      throw error;
    }
  }
}
