import { checkReconciliation, type ReconciliationInput } from './row-reconciliation';

const balanced: ReconciliationInput = {
  writeMode: 'append',
  rowsIn: 100,
  rowsOut: 95,
  rowsQuarantined: 5,
  inputs: [
    { rowsIn: 60, rowsQuarantined: 5 },
    { rowsIn: 40, rowsQuarantined: 0 },
  ],
  files: [
    { key: 'a.parquet', declaredRows: 50, actualRows: 50 },
    { key: 'b.parquet', declaredRows: 45, actualRows: 45 },
  ],
  runRows: 95,
};

function byName(input: ReconciliationInput): Record<string, boolean> {
  return Object.fromEntries(checkReconciliation(input).map((c) => [c.check, c.passed]));
}

describe('row reconciliation', () => {
  it('passes when in = out + quarantined and the Parquet holds rows out', () => {
    expect(byName(balanced)).toEqual({
      row_counts: true,
      input_counts: true,
      data_files: true,
      parquet_rows: true,
    });
  });

  it('fails when in ≠ out + quarantined', () => {
    const outcome = checkReconciliation({ ...balanced, rowsIn: 101 });
    const rowCounts = outcome.find((c) => c.check === 'row_counts')!;
    expect(rowCounts.passed).toBe(false);
    expect(rowCounts.detail).toMatch(
      /rows in 101, out 95, quarantined 5: in ≠ out \+ quarantined \(100\)/,
    );
  });

  it('fails when the input files do not add up to the totals', () => {
    expect(
      byName({ ...balanced, inputs: [{ rowsIn: 100, rowsQuarantined: 4 }] }).input_counts,
    ).toBe(false);
  });

  it('fails when the Parquet holds other rows than rows out (counted with the engine)', () => {
    const outcome = checkReconciliation({
      ...balanced,
      files: [
        { key: 'a.parquet', declaredRows: 50, actualRows: 50 },
        { key: 'b.parquet', declaredRows: 44, actualRows: 44 },
      ],
    });
    expect(outcome.find((c) => c.check === 'parquet_rows')).toMatchObject({
      passed: false,
      detail: 'Parquet holds 94 rows but the run says 95 rows out',
    });
  });

  it('fails when a file holds other rows than the summary declares', () => {
    const outcome = checkReconciliation({
      ...balanced,
      files: [
        { key: 'a.parquet', declaredRows: 50, actualRows: 49 },
        { key: 'b.parquet', declaredRows: 45, actualRows: 46 },
      ],
    });
    expect(outcome.find((c) => c.check === 'data_files')?.detail).toMatch(
      /2 data files hold other row counts.*a\.parquet \(49 ≠ 50\)/,
    );
    expect(outcome.find((c) => c.check === 'parquet_rows')?.passed).toBe(true);
  });

  it('fails when a data file is missing, and does not pretend to count', () => {
    const outcome = byName({
      ...balanced,
      files: [{ key: 'a.parquet', declaredRows: 50, actualRows: null }, balanced.files[1]!],
    });
    expect(outcome).toMatchObject({ data_files: false, parquet_rows: false });
  });

  it('reconciles an empty batch', () => {
    expect(
      Object.values(
        byName({
          ...balanced,
          rowsIn: 0,
          rowsOut: 0,
          rowsQuarantined: 0,
          inputs: [],
          files: [],
          runRows: 0,
        }),
      ).every(Boolean),
    ).toBe(true);
  });

  it('checks a merge by the rows carrying its run id (partitions also hold earlier rows)', () => {
    const merge: ReconciliationInput = {
      ...balanced,
      writeMode: 'merge',
      files: [{ key: 'm.parquet', declaredRows: 300, actualRows: 300 }],
      runRows: 90,
    };
    expect(byName(merge).parquet_rows).toBe(true);
    expect(byName({ ...merge, runRows: 95 }).parquet_rows).toBe(true);
    expect(byName({ ...merge, runRows: 96 }).parquet_rows).toBe(false);
    expect(byName({ ...merge, runRows: 0 }).parquet_rows).toBe(false);
    expect(
      byName({
        ...merge,
        rowsIn: 5,
        rowsOut: 0,
        inputs: [{ rowsIn: 5, rowsQuarantined: 5 }],
        runRows: 0,
      }).parquet_rows,
    ).toBe(true);
  });

  it('treats negative counts as not reconciling', () => {
    expect(byName({ ...balanced, rowsIn: 0, rowsOut: 5, rowsQuarantined: -5 }).row_counts).toBe(
      false,
    );
  });
});
