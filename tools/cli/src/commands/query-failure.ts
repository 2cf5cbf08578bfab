const MISSING_TABLE = /Table with name (\S+) does not exist/;
const LISTED = 10;

/**
 * The first line of DuckDB's error, plus what a person needs next: when the query names a table
 * that is not there, which sources do have a published state (a source whose runs published no
 * rows yet, or a typo, looks the same to DuckDB).
 */
export function queryFailureMessage(error: string, views: readonly string[]): string {
  const first = error.split('\n')[0] ?? error;
  if (views.length === 0) return `${first} (no source has a published state)`;
  if (/^Conversion Error/.test(first))
    return `${first} (files published under an older schema version hold values the newest version's type cannot read, e.g. after a hint retyped a column: rebuild their partitions with \`tributary backfill\`, which quarantines such values, or read the column as text)`;
  const missing = MISSING_TABLE.exec(first);
  if (missing === null) return first;
  const shown = views.slice(0, LISTED).join(', ');
  const more = views.length > LISTED ? ` and ${views.length - LISTED} more` : '';
  return `${first} (${missing[1]} has no published state; sources that have one: ${shown}${more})`;
}
