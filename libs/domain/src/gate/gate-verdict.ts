import type { CheckOutcome } from './gate-check';

export interface GateVerdict {
  readonly passed: boolean;
  /** No rows in: nothing to publish (see `publishRun`, which then leaves the pointer alone). */
  readonly empty: boolean;
  readonly checks: readonly CheckOutcome[];
  readonly failedChecks: readonly { readonly check: string; readonly detail: string }[];
}

/** The gate passes when every check passed; the failed ones are what a rejection reports. */
export function gateVerdict(checks: readonly CheckOutcome[], rowsIn: number): GateVerdict {
  const failedChecks = checks
    .filter((c) => !c.passed)
    .map((c) => ({ check: c.check, detail: c.detail }));
  return { passed: failedChecks.length === 0, empty: rowsIn === 0, checks, failedChecks };
}
