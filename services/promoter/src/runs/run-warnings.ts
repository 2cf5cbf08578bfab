import type { RunRecord, SchemaFields, SourceRecord } from '@tributary/contracts';
import { partitionFieldProblem } from '@tributary/domain';

/**
 * What a person should know about a run that did not fail: a backfill that found nothing to
 * rebuild, a partition field that is no date or left rows without one.
 */
export function runWarnings(source: SourceRecord, fields: SchemaFields, run: RunRecord): string[] {
  const out: string[] = [];
  if (run.backfillDates && run.fileIds.length === 0) {
    const dates = run.backfillDates;
    const range = dates.length === 1 ? dates[0] : `${dates[0]} to ${dates.at(-1)}`;
    out.push(
      `nothing matched: no upload is published on ${range} and none is pending for it, so the backfill rebuilt nothing`,
    );
  }
  if (!source.partitionField) return out;
  const problem = partitionFieldProblem(fields, source.partitionField);
  if (problem) out.push(`partition field: ${problem}`);
  const undated = run.rowsUndated ?? 0;
  if (undated > 0)
    out.push(
      `${undated} rows had no date in "${source.partitionField}": published under their landing date`,
    );
  return out;
}
