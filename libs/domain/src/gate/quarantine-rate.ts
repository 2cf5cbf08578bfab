import {
  type CheckOutcome,
  DEFAULT_QUARANTINE_THRESHOLD,
  failed,
  GATE_CHECK,
  passed,
  percent,
} from './gate-check';

export interface QuarantineRateInput {
  readonly rowsIn: number;
  readonly rowsQuarantined: number;
  /** The source's threshold (0.05 = 5 %); a missing or invalid one means the default. */
  readonly threshold: number | null | undefined;
}

export function effectiveThreshold(threshold: number | null | undefined): number {
  return typeof threshold === 'number' &&
    Number.isFinite(threshold) &&
    threshold >= 0 &&
    threshold <= 1
    ? threshold
    : DEFAULT_QUARANTINE_THRESHOLD;
}

/**
 * The quarantine rate must be strictly below the threshold: at 5 %, 4.99 % passes and 5.00 %
 * fails. An empty batch (no rows in) has no rate and passes this check.
 */
export function checkQuarantineRate(input: QuarantineRateInput): CheckOutcome {
  const threshold = effectiveThreshold(input.threshold);
  if (input.rowsIn === 0) {
    return passed(GATE_CHECK.quarantineRate, 'empty batch: no rows in, so no quarantine rate');
  }
  // Division is correctly rounded, so q / n compares exactly as the decimal ratio would.
  const rate = input.rowsQuarantined / input.rowsIn;
  const detail = `${input.rowsQuarantined} of ${input.rowsIn} rows quarantined (${percent(rate)}); must be below ${percent(threshold)}`;
  return rate < threshold
    ? passed(GATE_CHECK.quarantineRate, detail)
    : failed(GATE_CHECK.quarantineRate, detail);
}
