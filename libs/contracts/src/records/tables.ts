/**
 * The metadata tables (DynamoDB, or the embedded store). Every item has a `revision` used for
 * compare-and-swap. Top-level attribute names are snake_case, as a person reading the table
 * would expect (`source_id`, `field_diff`, `promoted_at`, …).
 */
export const TABLE = {
  sources: { base: 'sources', partitionKey: 'source_id', sortKey: 'sk' },
  schemaVersions: { base: 'schema_versions', partitionKey: 'source_id', sortKey: 'version_key' },
  files: { base: 'files', partitionKey: 'source_id', sortKey: 'file_id' },
  pipelineState: { base: 'pipeline_state', partitionKey: 'source_id', sortKey: 'sk' },
  idempotency: { base: 'idempotency', partitionKey: 'source_id', sortKey: 'idempotency_key' },
  runs: { base: 'runs', partitionKey: 'source_id', sortKey: 'run_id' },
  deliveries: { base: 'deliveries', partitionKey: 'channel', sortKey: 'delivery_key' },
  /** Lookup entries of the delivery log by status and by source + status (outstanding work, queries). */
  deliveryIndex: { base: 'delivery_index', partitionKey: 'index_key', sortKey: 'entry_key' },
  processedEvents: { base: 'processed_events', partitionKey: 'consumer', sortKey: 'event_id' },
} as const;

export type TableKey = keyof typeof TABLE;

/** Fixed sort keys of single-item partitions. */
export const SORT_KEY = {
  source: 'source',
  pipelineState: 'state',
  /** The schema head: latest version number and the ACTIVE version's key. */
  schemaHead: 'head',
  versionPrefix: 'version#',
  idempotencyKeyPrefix: 'key#',
  contentHashPrefix: 'sha256#',
} as const;

export function physicalTableName(table: TableKey, prefix: string): string {
  return `${prefix}${TABLE[table].base}`;
}
