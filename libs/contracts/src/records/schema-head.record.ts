/**
 * One item per source beside its versions (sort key `head`): the latest version number and the
 * ACTIVE one. Every version write updates it with a compare-and-swap, so two profilers racing on
 * one source cannot both create "the next" version.
 */
export interface SchemaHeadRecord {
  readonly sourceId: string;
  readonly latestVersion: number;
  readonly latestVersionKey: string;
  readonly activeVersion: number | null;
  readonly activeVersionKey: string | null;
  /** BREAKING versions awaiting a person's decision; promotion of the source is blocked meanwhile. */
  readonly pendingBreaking: readonly string[];
  readonly updatedAt: string;
}
