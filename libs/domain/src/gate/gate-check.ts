/** The outcome of one gate check; a run is published only when every check passed. */
export interface CheckOutcome {
  /** Stable name: `quarantine_rate`, `row_counts`, `column:not_null:email`, … */
  readonly check: string;
  readonly passed: boolean;
  /** What was measured, in words a person reading an alert understands. */
  readonly detail: string;
}

/** The quarantine rate at or above which a run is rejected when a source sets none (5 %). */
export const DEFAULT_QUARANTINE_THRESHOLD = 0.05;

export const GATE_CHECK = {
  successMarker: 'success_marker',
  quarantineRate: 'quarantine_rate',
  rowCounts: 'row_counts',
  inputCounts: 'input_counts',
  dataFiles: 'data_files',
  parquetRows: 'parquet_rows',
  mergeBase: 'merge_base',
} as const;

export function passed(check: string, detail: string): CheckOutcome {
  return { check, passed: true, detail };
}

export function failed(check: string, detail: string): CheckOutcome {
  return { check, passed: false, detail };
}

/** A ratio as a percentage for people: 0.0499 → "4.99 %". */
export function percent(ratio: number): string {
  return `${(Math.round(ratio * 1_000_000) / 10_000).toString()} %`;
}
