/** JSON-compatible attribute values as stored in a table item. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | readonly AttributeValue[]
  | { readonly [key: string]: AttributeValue };

export type Attributes = { readonly [key: string]: AttributeValue };

export interface TableDefinition {
  /** Physical table name. */
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface ItemKey {
  readonly partition: string;
  readonly sort: string;
}

/** An item with its revision: 1 when created, +1 on every conditional update. */
export interface StoredItem {
  readonly attributes: Attributes;
  readonly revision: number;
}

export interface QueryOptions {
  readonly sortKeyPrefix?: string;
  /** Only items whose sort key is strictly greater. */
  readonly sortKeyAfter?: string;
  readonly limit?: number;
  readonly descending?: boolean;
}

/** Writes applied all together or not at all. */
export type WriteOperation =
  | { readonly kind: 'create'; readonly table: TableDefinition; readonly attributes: Attributes }
  | {
      readonly kind: 'update';
      readonly table: TableDefinition;
      readonly attributes: Attributes;
      readonly expectedRevision: number;
    }
  | { readonly kind: 'put'; readonly table: TableDefinition; readonly attributes: Attributes }
  | {
      readonly kind: 'delete';
      readonly table: TableDefinition;
      readonly key: ItemKey;
      readonly expectedRevision?: number;
    }
  | {
      readonly kind: 'check';
      readonly table: TableDefinition;
      readonly key: ItemKey;
      readonly expectedRevision: number;
    };

/**
 * Metadata tables with conditional writes. A `create` of an existing item, an `update` or
 * `check` with a stale revision fails the whole write with PreconditionFailedError.
 */
export interface KeyValueStore {
  ensureTables(tables: readonly TableDefinition[]): Promise<void>;
  get(table: TableDefinition, key: ItemKey): Promise<StoredItem | undefined>;
  query(table: TableDefinition, partition: string, options?: QueryOptions): Promise<StoredItem[]>;
  scan(table: TableDefinition): AsyncIterable<StoredItem>;
  write(operations: readonly WriteOperation[]): Promise<void>;
  ping(): Promise<void>;
}

export const REVISION_ATTRIBUTE = 'revision';
