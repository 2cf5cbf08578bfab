import type { WriteMode } from '@tributary/contracts';
import { type CheckOutcome, failed, GATE_CHECK, passed } from './gate-check';

/** A data file the run's summary lists, with the rows actually found in it. */
export interface CountedFile {
  readonly key: string;
  /** Rows the summary says the file holds. */
  readonly declaredRows: number;
  /** Rows counted in the Parquet file; null when the file is missing or unreadable. */
  readonly actualRows: number | null;
}

export interface ReconciliationInput {
  readonly writeMode: WriteMode;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rowsQuarantined: number;
  readonly inputs: readonly { readonly rowsIn: number; readonly rowsQuarantined: number }[];
  readonly files: readonly CountedFile[];
  /**
   * Rows in the files that carry this run's id (provenance). A merge rewrites whole partitions,
   * so its files also hold earlier runs' rows, and keys repeated within the run collapse to one.
   */
  readonly runRows: number;
}

const MAX_LISTED = 5;

function listed(keys: readonly string[]): string {
  const shown = keys.slice(0, MAX_LISTED).join(', ');
  return keys.length > MAX_LISTED ? `${shown} and ${keys.length - MAX_LISTED} more` : shown;
}

/**
 * Rows reconcile: in = out + quarantined (totals and per input file), every listed data file
 * exists and holds the rows the summary says, and the Parquet holds the run's output. For append
 * and replace the files hold exactly `rowsOut` rows; for merge the rows carrying the run's id are
 * between 1 and `rowsOut` (none when nothing was written).
 */
export function checkReconciliation(input: ReconciliationInput): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  const sum = input.rowsOut + input.rowsQuarantined;
  const counts = `rows in ${input.rowsIn}, out ${input.rowsOut}, quarantined ${input.rowsQuarantined}`;
  out.push(
    input.rowsIn === sum && input.rowsIn >= 0 && input.rowsOut >= 0 && input.rowsQuarantined >= 0
      ? passed(GATE_CHECK.rowCounts, `${counts}: in = out + quarantined`)
      : failed(GATE_CHECK.rowCounts, `${counts}: in ≠ out + quarantined (${sum})`),
  );

  const inputsIn = input.inputs.reduce((s, i) => s + i.rowsIn, 0);
  const inputsQuarantined = input.inputs.reduce((s, i) => s + i.rowsQuarantined, 0);
  out.push(
    inputsIn === input.rowsIn && inputsQuarantined === input.rowsQuarantined
      ? passed(GATE_CHECK.inputCounts, `${input.inputs.length} input files add up to the totals`)
      : failed(
          GATE_CHECK.inputCounts,
          `input files hold ${inputsIn} rows in and ${inputsQuarantined} quarantined; the run says ${input.rowsIn} and ${input.rowsQuarantined}`,
        ),
  );

  const missing = input.files.filter((f) => f.actualRows === null).map((f) => f.key);
  const miscounted = input.files.filter(
    (f) => f.actualRows !== null && f.actualRows !== f.declaredRows,
  );
  if (missing.length > 0) {
    out.push(
      failed(
        GATE_CHECK.dataFiles,
        `${missing.length} data files missing or unreadable: ${listed(missing)}`,
      ),
    );
  } else if (miscounted.length > 0) {
    out.push(
      failed(
        GATE_CHECK.dataFiles,
        `${miscounted.length} data files hold other row counts than the summary says: ${listed(
          miscounted.map((f) => `${f.key} (${f.actualRows} ≠ ${f.declaredRows})`),
        )}`,
      ),
    );
  } else {
    out.push(passed(GATE_CHECK.dataFiles, `${input.files.length} data files present as listed`));
  }

  if (missing.length > 0) {
    out.push(
      failed(GATE_CHECK.parquetRows, 'cannot count the Parquet rows: data files are missing'),
    );
    return out;
  }
  const parquetRows = input.files.reduce((s, f) => s + (f.actualRows ?? 0), 0);
  if (input.writeMode === 'merge') {
    const low = input.rowsOut > 0 ? 1 : 0;
    out.push(
      input.runRows >= low && input.runRows <= input.rowsOut
        ? passed(
            GATE_CHECK.parquetRows,
            `merged partitions hold ${parquetRows} rows, ${input.runRows} of them from this run's ${input.rowsOut} valid rows`,
          )
        : failed(
            GATE_CHECK.parquetRows,
            `merged partitions hold ${input.runRows} rows from this run; expected between ${low} and ${input.rowsOut}`,
          ),
    );
    return out;
  }
  out.push(
    parquetRows === input.rowsOut
      ? passed(GATE_CHECK.parquetRows, `Parquet holds ${parquetRows} rows = rows out`)
      : failed(
          GATE_CHECK.parquetRows,
          `Parquet holds ${parquetRows} rows but the run says ${input.rowsOut} rows out`,
        ),
  );
  return out;
}
