/** Identifies a row across retries: the upload it came from and its 1-based position there. */
export function rowRef(row: { readonly fileId: string; readonly rowPosition: number }): string {
  return `${row.fileId}#${row.rowPosition}`;
}

/** A row a retry file sends back into promotion: where it came from, after how many attempts. */
export interface ResubmittedOrigin {
  readonly fileId: string;
  readonly rowPosition: number;
  readonly attemptCount: number;
}

export interface RetryFileRows {
  /** The retry file (its id in the files ledger). */
  readonly fileId: string;
  readonly origins: readonly ResubmittedOrigin[];
}

/** The latest re-submission of a row: the retry file, and the attempts the row had behind it. */
export interface LatestResubmission {
  readonly fileId: string;
  readonly attemptCount: number;
}

/**
 * Row ref → its latest re-submission: the one after the most attempts (a later correction of the
 * same row), the newer retry file on a tie. That retry file holds the row's newest version: a
 * run reading both an upload and corrections of its rows publishes each row in that version.
 */
export function latestResubmissions(
  files: readonly RetryFileRows[],
): Map<string, LatestResubmission> {
  const latest = new Map<string, LatestResubmission>();
  for (const file of files) {
    for (const origin of file.origins) {
      const ref = rowRef(origin);
      const seen = latest.get(ref);
      if (
        !seen ||
        origin.attemptCount > seen.attemptCount ||
        (origin.attemptCount === seen.attemptCount && file.fileId > seen.fileId)
      )
        latest.set(ref, { fileId: file.fileId, attemptCount: origin.attemptCount });
    }
  }
  return latest;
}

/**
 * Whether a quarantined occurrence of a row was already sent back: by a re-submission after as
 * many attempts or more. Rebuilds quarantine a row again in a new run with the same attempt
 * count, so this holds across runs: sending such an occurrence back would publish the row twice.
 */
export function alreadyResubmitted(
  latest: LatestResubmission | undefined,
  occurrence: { readonly attemptCount: number },
): boolean {
  return latest !== undefined && latest.attemptCount >= occurrence.attemptCount;
}
