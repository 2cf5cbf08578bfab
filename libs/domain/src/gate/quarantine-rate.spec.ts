import { checkQuarantineRate, effectiveThreshold } from './quarantine-rate';

describe('quarantine rate check', () => {
  it.each([
    [499, 10_000, true, '4.99 %'],
    [500, 10_000, false, '5 %'],
    [501, 10_000, false, '5.01 %'],
    [0, 10_000, true, '0 %'],
    [4, 100, true, '4 %'],
    [5, 100, false, '5 %'],
    [1, 20, false, '5 %'],
    [10_000, 10_000, false, '100 %'],
  ])('%i of %i quarantined at the default 5 %% → passes: %s', (q, n, ok, shown) => {
    const outcome = checkQuarantineRate({ rowsIn: n, rowsQuarantined: q, threshold: 0.05 });
    expect(outcome.passed).toBe(ok);
    expect(outcome.check).toBe('quarantine_rate');
    expect(outcome.detail).toContain(`(${shown})`);
    expect(outcome.detail).toContain('must be below 5 %');
  });

  it('uses the 5 % default when the source sets no valid threshold', () => {
    for (const threshold of [undefined, null, Number.NaN, -1, 2]) {
      expect(effectiveThreshold(threshold)).toBe(0.05);
      expect(checkQuarantineRate({ rowsIn: 100, rowsQuarantined: 5, threshold }).passed).toBe(
        false,
      );
      expect(checkQuarantineRate({ rowsIn: 100, rowsQuarantined: 4, threshold }).passed).toBe(true);
    }
  });

  it('follows the source threshold, strictly below', () => {
    expect(checkQuarantineRate({ rowsIn: 100, rowsQuarantined: 9, threshold: 0.1 }).passed).toBe(
      true,
    );
    expect(checkQuarantineRate({ rowsIn: 100, rowsQuarantined: 10, threshold: 0.1 }).passed).toBe(
      false,
    );
    // A zero threshold tolerates no quarantined row; a threshold of 1 everything but all rows.
    expect(checkQuarantineRate({ rowsIn: 100, rowsQuarantined: 0, threshold: 0 }).passed).toBe(
      false,
    );
    expect(checkQuarantineRate({ rowsIn: 100, rowsQuarantined: 99, threshold: 1 }).passed).toBe(
      true,
    );
    expect(checkQuarantineRate({ rowsIn: 100, rowsQuarantined: 100, threshold: 1 }).passed).toBe(
      false,
    );
  });

  it('passes an empty batch: zero rows in has no rate', () => {
    const outcome = checkQuarantineRate({ rowsIn: 0, rowsQuarantined: 0, threshold: 0.05 });
    expect(outcome).toMatchObject({ passed: true });
    expect(outcome.detail).toMatch(/empty batch/);
  });
});
