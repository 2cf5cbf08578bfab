import { rowRef } from './row-versions';

/**
 * What a run may publish, fixed when it starts (and recomputed identically on a resume).
 * An ordinary run reads only pending files; a backfill also reads files already promoted, to
 * rebuild its dates from the rows published there.
 */
export interface RebuildScope {
  /** Backfill: the partition dates it rebuilds; null for an ordinary run. */
  readonly dates: ReadonlySet<string> | null;
  /** Files not promoted yet: every row of theirs is published, inside the dates or not. */
  readonly pending: ReadonlySet<string>;
  /**
   * Partition date → the uploads whose rows are published there now. A backfill rebuilds a date
   * from these only; with `liveOriginsOnly`, a corrected row goes only where its upload still is.
   */
  readonly published: ReadonlyMap<string, ReadonlySet<string>>;
  /** Replace mode: a correction of a row whose export a newer one replaced is out of date. */
  readonly liveOriginsOnly: boolean;
  /** Row ref → the retry file with the row's newest version, among the run's files. */
  readonly newest: ReadonlyMap<string, string>;
}

/**
 * - `publish`: the row is an input of the run (valid rows are written, invalid ones quarantined);
 * - `outside`: a promoted file's row outside the backfill's dates, or of an upload no longer
 *   published on its date: not an input;
 * - `superseded`: a newer version of the row is in the run (a correction), or, in replace mode,
 *   the correction's upload was replaced by a newer export: not an input, counted apart.
 */
export type Admission = 'publish' | 'outside' | 'superseded';

export interface RowAt {
  /** The file being read: an upload, or a retry file of re-submitted rows. */
  readonly readFrom: string;
  /** The upload the row came from and its position there (equal to `readFrom` for uploads). */
  readonly fileId: string;
  readonly rowPosition: number;
  /** The row's `date=` partition. */
  readonly date: string;
}

export function admitRow(scope: RebuildScope, row: RowAt): Admission {
  const newest = scope.newest.get(rowRef(row));
  if (newest !== undefined && newest !== row.readFrom) return 'superseded';
  const resubmitted = row.readFrom !== row.fileId;
  const originPublished =
    scope.pending.has(row.fileId) || (scope.published.get(row.date)?.has(row.fileId) ?? false);
  if (scope.pending.has(row.readFrom)) {
    return resubmitted && scope.liveOriginsOnly && !originPublished ? 'superseded' : 'publish';
  }
  if (scope.dates && !scope.dates.has(row.date)) return 'outside';
  return originPublished ? 'publish' : 'outside';
}
