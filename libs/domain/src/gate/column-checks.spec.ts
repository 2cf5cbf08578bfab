import type { ColumnCheck } from '@tributary/contracts';
import {
  columnCheckName,
  columnCheckSql,
  describeColumnCheck,
  evaluateColumnCheck,
  resolveCheckColumn,
} from './column-checks';

const checks: Record<ColumnCheck['kind'], ColumnCheck> = {
  not_null: { kind: 'not_null', column: 'email' },
  unique: { kind: 'unique', column: 'id' },
  range: { kind: 'range', column: 'amount', min: 0, max: 100 },
  accepted_values: { kind: 'accepted_values', column: 'status', values: ['new', "o'k"] },
};

describe('column checks', () => {
  it('names each check by kind and column', () => {
    expect(Object.values(checks).map(columnCheckName)).toEqual([
      'column:not_null:email',
      'column:unique:id',
      'column:range:amount',
      'column:accepted_values:status',
    ]);
  });

  it('resolves a check to the published column, by source field first, then by column name', () => {
    const columns = [
      { name: 'customer_email', field: 'Customer Email' },
      { name: 'email', field: 'e-mail' },
    ];
    expect(resolveCheckColumn({ kind: 'not_null', column: 'Customer Email' }, columns)).toBe(
      'customer_email',
    );
    expect(resolveCheckColumn({ kind: 'not_null', column: 'email' }, columns)).toBe('email');
    expect(resolveCheckColumn({ kind: 'not_null', column: 'e-mail' }, columns)).toBe('email');
    expect(resolveCheckColumn({ kind: 'not_null', column: 'nope' }, columns)).toBeUndefined();
  });

  it('builds one query per check over the relation, quoting names and values', () => {
    const rel = "read_parquet(['/x.parquet'])";
    expect(columnCheckSql(checks.not_null, rel, 'e"mail')).toContain('"e""mail" IS NULL');
    expect(columnCheckSql(checks.unique, rel, 'id')).toMatch(
      /GROUP BY "id" HAVING count\(\*\) > 1/,
    );
    const range = columnCheckSql(checks.range, rel, 'amount');
    expect(range).toContain(`TRY_CAST("amount" AS DOUBLE) < CAST('0' AS DOUBLE)`);
    expect(range).toContain(`TRY_CAST("amount" AS DOUBLE) > CAST('100' AS DOUBLE)`);
    expect(columnCheckSql({ kind: 'range', column: 'a', min: 1 }, rel, 'a')).not.toContain(' > ');
    expect(columnCheckSql(checks.accepted_values, rel, 'status')).toContain(
      `NOT IN ('new', 'o''k')`,
    );
    for (const check of Object.values(checks)) {
      const sql = columnCheckSql(check, rel, check.column);
      expect(sql).toContain(rel);
      expect(sql).toMatch(/AS violations/);
      expect(sql).toMatch(/AS examples/);
    }
  });

  it('describes the rule in words', () => {
    expect(Object.values(checks).map(describeColumnCheck)).toEqual([
      'email must not be null',
      'id must be unique',
      'amount must be a number ≥ 0 and ≤ 100',
      "status must be one of new, o'k",
    ]);
  });

  it.each(Object.values(checks))('$kind passes with no violations and fails with some', (check) => {
    expect(
      evaluateColumnCheck(check, { kind: 'counted', counts: { violations: 0, examples: null } }),
    ).toMatchObject({ check: columnCheckName(check), passed: true });
    const bad = evaluateColumnCheck(check, {
      kind: 'counted',
      counts: { violations: 3, examples: 'x, y' },
    });
    expect(bad.passed).toBe(false);
    expect(bad.detail).toContain('3 ');
    expect(bad.detail).toContain('e.g. x, y');
  });

  it('fails a check that cannot be evaluated', () => {
    expect(evaluateColumnCheck(checks.unique, { kind: 'column-missing' })).toMatchObject({
      passed: false,
      detail: 'id must be unique: the run publishes no column id',
    });
    expect(
      evaluateColumnCheck(checks.range, { kind: 'error', message: 'Binder Error' }).detail,
    ).toMatch(/could not run \(Binder Error\)/);
  });
});
