export interface RetryAttempt {
  readonly runId: string;
  readonly at: string;
  readonly reason: string;
}

/** One invalid row set aside with its reason (SPEC §5). */
export interface QuarantinedRow {
  readonly sourceId: string;
  readonly runId: string;
  readonly fileId: string;
  /** 1-based position of the row in its file. */
  readonly rowPosition: number;
  readonly reason: string;
  readonly field: string | null;
  /** The row as it was read, field name → original text or JSON value. */
  readonly original: Readonly<Record<string, unknown>>;
  readonly attemptCount: number;
  readonly retryHistory: readonly RetryAttempt[];
}
