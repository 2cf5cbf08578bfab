export interface RetryAttempt {
  readonly runId: string;
  readonly at: string;
  readonly reason: string;
}

/**
 * One invalid row set aside with its reason (SPEC §5). Quarantine files are NDJSON, one row per
 * line, at `quarantine/source=<id>/run_id=<runId>/rows-<nnnnn>.ndjson`; condemned rows (three
 * failed attempts) at `condemned/source=<id>/run_id=<runId>/rows-<nnnnn>.ndjson`.
 */
export interface QuarantinedRow {
  readonly sourceId: string;
  readonly runId: string;
  /** The upload the row came from, and its 1-based position there (provenance survives retries). */
  readonly fileId: string;
  readonly rowPosition: number;
  readonly reason: string;
  readonly field: string | null;
  /** The row as it was read, field name → original text or JSON value. */
  readonly original: Readonly<Record<string, unknown>>;
  /** 1 the first time a row fails; +1 with every failed re-submission. */
  readonly attemptCount: number;
  readonly retryHistory: readonly RetryAttempt[];
}

/**
 * A re-submitted row on its way back into promotion. Re-submissions are NDJSON files of these in
 * the raw zone (`retry__quarantine-<runId>.ndjson`), recorded in the files ledger with
 * `retryOf` set, so the next run validates them again.
 */
export interface ResubmittedRow {
  readonly values: Readonly<Record<string, unknown>>;
  readonly origin: {
    readonly fileId: string;
    readonly rowPosition: number;
    readonly attemptCount: number;
    readonly retryHistory: readonly RetryAttempt[];
    /** True when a person approved reprocessing of a condemned row. */
    readonly approved: boolean;
  };
}

/** Rows failing this many attempts move to `condemned/`. */
export const MAX_ROW_ATTEMPTS = 3;
