import { alreadyResubmitted, latestResubmissions, rowRef } from './row-versions';

const origin = (fileId: string, rowPosition: number, attemptCount: number) => ({
  fileId,
  rowPosition,
  attemptCount,
});

describe('row versions across re-submissions', () => {
  it('names a row by its upload and position', () => {
    expect(rowRef({ fileId: 'F1', rowPosition: 7 })).toBe('F1#7');
  });

  it('the latest re-submission of a row is the one after the most attempts', () => {
    const latest = latestResubmissions([
      { fileId: 'R2', origins: [origin('F1', 7, 2)] },
      { fileId: 'R1', origins: [origin('F1', 7, 1), origin('F1', 9, 1)] },
      { fileId: 'R3', origins: [origin('F2', 1, 1)] },
    ]);
    expect(Object.fromEntries(latest)).toEqual({
      'F1#7': { fileId: 'R2', attemptCount: 2 },
      'F1#9': { fileId: 'R1', attemptCount: 1 },
      'F2#1': { fileId: 'R3', attemptCount: 1 },
    });
  });

  it('on equal attempts the newer retry file wins', () => {
    const latest = latestResubmissions([
      { fileId: 'R9', origins: [origin('F1', 1, 1)] },
      { fileId: 'R1', origins: [origin('F1', 1, 1)] },
    ]);
    expect(latest.get('F1#1')?.fileId).toBe('R9');
  });

  it('no re-submissions, no versions', () => {
    expect(latestResubmissions([]).size).toBe(0);
  });

  it('an occurrence was already sent back when a re-submission had as many attempts or more', () => {
    const latest = { fileId: 'R1', attemptCount: 1 };
    expect(alreadyResubmitted(undefined, { attemptCount: 1 })).toBe(false);
    // The first run's occurrence, and a backfill's occurrence of the same original row.
    expect(alreadyResubmitted(latest, { attemptCount: 1 })).toBe(true);
    // The corrected row failed again: that new occurrence may go back.
    expect(alreadyResubmitted(latest, { attemptCount: 2 })).toBe(false);
  });
});
