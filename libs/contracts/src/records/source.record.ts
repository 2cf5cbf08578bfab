import type { FieldType } from './field-types';

export const EVOLUTION_POLICIES = ['evolve', 'freeze', 'discard_row', 'discard_value'] as const;
export type EvolutionPolicy = (typeof EVOLUTION_POLICIES)[number];

export const WRITE_MODES = ['append', 'replace', 'merge'] as const;
export type WriteMode = (typeof WRITE_MODES)[number];

export type ColumnCheck =
  | { readonly kind: 'not_null'; readonly column: string }
  | { readonly kind: 'unique'; readonly column: string }
  | {
      readonly kind: 'range';
      readonly column: string;
      readonly min?: number;
      readonly max?: number;
    }
  | {
      readonly kind: 'accepted_values';
      readonly column: string;
      readonly values: readonly string[];
    };

export interface WebhookChannel {
  readonly kind: 'webhook';
  readonly name: string;
  readonly url: string;
  /** `slack` formats the body as a Slack-compatible payload. */
  readonly format: 'json' | 'slack';
}

export interface SourceRecord {
  readonly sourceId: string;
  readonly description: string;
  /** `sha256$<salt>$<hex>` of the source's API key; the key itself is never stored. */
  readonly apiKeyHash: string;
  /** A short public prefix of the key, for humans telling keys apart. */
  readonly apiKeyPrefix: string;
  readonly policy: EvolutionPolicy;
  /** Field name → pinned type. */
  readonly hints: Readonly<Record<string, FieldType>>;
  readonly writeMode: WriteMode;
  readonly primaryKey: readonly string[];
  /** Field holding the row's event date for `date=` partitions; landing date when absent. */
  readonly partitionField: string | null;
  /** Quarantine rate at or above which a run is rejected (0.05 = 5 %). */
  readonly quarantineThreshold: number;
  readonly columnChecks: readonly ColumnCheck[];
  /** Seconds between scheduled runs; null means on demand only. */
  readonly scheduleSeconds: number | null;
  readonly channels: readonly WebhookChannel[];
  /** Uploads per minute allowed for this source's key. */
  readonly rateLimitPerMinute: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
