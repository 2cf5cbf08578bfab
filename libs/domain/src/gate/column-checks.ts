import type { ColumnCheck } from '@tributary/contracts';
import { type CheckOutcome, failed, passed } from './gate-check';
import { quoteIdentifier, quoteLiteral } from './sql-text';

/** Stable name of a column check in failed-check lists: `column:<kind>:<column>`. */
export function columnCheckName(check: ColumnCheck): string {
  return `column:${check.kind}:${check.column}`;
}

/** A published column: its Parquet name and the source field it holds. */
export interface PublishedColumnRef {
  readonly name: string;
  readonly field: string;
}

/**
 * The Parquet column a check names. A check may name the source field (`Customer Email`) or the
 * normalised column (`customer_email`); the field wins when both would match.
 */
export function resolveCheckColumn(
  check: ColumnCheck,
  columns: readonly PublishedColumnRef[],
): string | undefined {
  return (
    columns.find((c) => c.field === check.column)?.name ??
    columns.find((c) => c.name === check.column)?.name
  );
}

const EXAMPLES = 5;

function examplesOf(expression: string): string {
  return `array_to_string(list_slice(list_sort(list(DISTINCT CAST(${expression} AS VARCHAR))), 1, ${EXAMPLES}), ', ')`;
}

function numberLiteral(value: number): string {
  return `CAST(${quoteLiteral(String(value))} AS DOUBLE)`;
}

/**
 * One query over `relation` answering `violations` (rows breaking the check) and `examples`
 * (a few offending values). NULLs break only not_null: the other checks ignore them, as SQL
 * constraints and dbt tests do (combine with not_null to forbid them).
 */
export function columnCheckSql(check: ColumnCheck, relation: string, column: string): string {
  const c = quoteIdentifier(column);
  switch (check.kind) {
    case 'not_null':
      return `SELECT count(*) FILTER (WHERE ${c} IS NULL)::BIGINT AS violations, NULL::VARCHAR AS examples FROM ${relation}`;
    case 'unique':
      return `SELECT coalesce(sum(n - 1), 0)::BIGINT AS violations, ${examplesOf('v')} AS examples
        FROM (SELECT ${c} AS v, count(*) AS n FROM ${relation} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING count(*) > 1)`;
    case 'range': {
      const value = `TRY_CAST(${c} AS DOUBLE)`;
      const outside = [
        `${value} IS NULL`,
        ...(check.min !== undefined ? [`${value} < ${numberLiteral(check.min)}`] : []),
        ...(check.max !== undefined ? [`${value} > ${numberLiteral(check.max)}`] : []),
      ].join(' OR ');
      return `SELECT count(*)::BIGINT AS violations, ${examplesOf(c)} AS examples FROM ${relation} WHERE ${c} IS NOT NULL AND (${outside})`;
    }
    case 'accepted_values': {
      const notAccepted =
        check.values.length === 0
          ? 'TRUE'
          : `CAST(${c} AS VARCHAR) NOT IN (${check.values.map(quoteLiteral).join(', ')})`;
      return `SELECT count(*)::BIGINT AS violations, ${examplesOf(c)} AS examples FROM ${relation} WHERE ${c} IS NOT NULL AND ${notAccepted}`;
    }
  }
}

export interface ColumnCheckCounts {
  readonly violations: number;
  /** A few offending values, comma-separated (none for not_null). */
  readonly examples: string | null;
}

/** What the check demands, in words. */
export function describeColumnCheck(check: ColumnCheck): string {
  switch (check.kind) {
    case 'not_null':
      return `${check.column} must not be null`;
    case 'unique':
      return `${check.column} must be unique`;
    case 'range': {
      const bounds = [
        ...(check.min !== undefined ? [`≥ ${check.min}`] : []),
        ...(check.max !== undefined ? [`≤ ${check.max}`] : []),
      ];
      return `${check.column} must be a number ${bounds.join(' and ')}`;
    }
    case 'accepted_values':
      return `${check.column} must be one of ${check.values.join(', ')}`;
  }
}

export type ColumnCheckMeasurement =
  | { readonly kind: 'counted'; readonly counts: ColumnCheckCounts }
  | { readonly kind: 'column-missing' }
  | { readonly kind: 'error'; readonly message: string };

/** A check passes with zero violations; a check that cannot be evaluated fails. */
export function evaluateColumnCheck(
  check: ColumnCheck,
  measurement: ColumnCheckMeasurement,
): CheckOutcome {
  const name = columnCheckName(check);
  const rule = describeColumnCheck(check);
  switch (measurement.kind) {
    case 'column-missing':
      return failed(name, `${rule}: the run publishes no column ${check.column}`);
    case 'error':
      return failed(name, `${rule}: the check could not run (${measurement.message})`);
    case 'counted': {
      const { violations, examples } = measurement.counts;
      if (violations === 0) return passed(name, `${rule}: no violations`);
      const shown = examples ? `, e.g. ${examples}` : '';
      const noun = check.kind === 'unique' ? 'duplicate rows' : 'rows violate it';
      return failed(name, `${rule}: ${violations} ${noun}${shown}`);
    }
  }
}
