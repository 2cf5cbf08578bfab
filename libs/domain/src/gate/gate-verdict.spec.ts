import { gateVerdict } from './gate-verdict';

describe('gate verdict', () => {
  it('passes only when every check passed, listing the failed ones', () => {
    const ok = gateVerdict(
      [
        { check: 'a', passed: true, detail: 'fine' },
        { check: 'b', passed: true, detail: 'fine' },
      ],
      10,
    );
    expect(ok).toMatchObject({ passed: true, empty: false, failedChecks: [] });
    const bad = gateVerdict(
      [
        { check: 'a', passed: true, detail: 'fine' },
        { check: 'b', passed: false, detail: 'broken' },
      ],
      10,
    );
    expect(bad).toMatchObject({ passed: false, failedChecks: [{ check: 'b', detail: 'broken' }] });
  });

  it('marks an empty batch', () => {
    expect(gateVerdict([], 0)).toMatchObject({ passed: true, empty: true });
  });
});
