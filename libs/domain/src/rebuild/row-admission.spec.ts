import { admitRow, type RebuildScope } from './row-admission';

const D1 = '2026-01-01';
const D2 = '2026-01-02';

function scope(overrides: Partial<RebuildScope> = {}): RebuildScope {
  return {
    dates: null,
    pending: new Set(),
    published: new Map(),
    liveOriginsOnly: false,
    newest: new Map(),
    ...overrides,
  };
}

const upload = (fileId: string, rowPosition: number, date = D1) => ({
  readFrom: fileId,
  fileId,
  rowPosition,
  date,
});
const retried = (retryFile: string, fileId: string, rowPosition: number, date = D1) => ({
  readFrom: retryFile,
  fileId,
  rowPosition,
  date,
});

describe('which rows a run publishes', () => {
  describe('an ordinary run (pending files only)', () => {
    it('publishes every row of a pending upload, whatever its date', () => {
      const s = scope({ pending: new Set(['F1']) });
      expect(admitRow(s, upload('F1', 1, D1))).toBe('publish');
      expect(admitRow(s, upload('F1', 2, D2))).toBe('publish');
    });

    it('append: publishes a correction even where its upload is no longer published', () => {
      const s = scope({ pending: new Set(['R1']) });
      expect(admitRow(s, retried('R1', 'F1', 3))).toBe('publish');
    });

    it('replace: a correction goes only where its upload is still published', () => {
      const s = scope({
        pending: new Set(['R1']),
        published: new Map([[D1, new Set(['F1'])]]),
        liveOriginsOnly: true,
      });
      expect(admitRow(s, retried('R1', 'F1', 3, D1))).toBe('publish');
      expect(admitRow(s, retried('R1', 'F1', 3, D2))).toBe('superseded');
      expect(admitRow(s, retried('R1', 'F0', 3, D1))).toBe('superseded');
    });

    it('two corrections of one row in a run: only the newest is published', () => {
      const s = scope({ pending: new Set(['R1', 'R2']), newest: new Map([['F1#3', 'R2']]) });
      expect(admitRow(s, retried('R1', 'F1', 3))).toBe('superseded');
      expect(admitRow(s, retried('R2', 'F1', 3))).toBe('publish');
      expect(admitRow(s, retried('R1', 'F1', 4))).toBe('publish');
    });
  });

  describe('a backfill (promoted files too)', () => {
    const backfill = (overrides: Partial<RebuildScope> = {}) =>
      scope({
        dates: new Set([D1]),
        published: new Map([
          [D1, new Set(['F1'])],
          [D2, new Set(['F1', 'F2'])],
        ]),
        ...overrides,
      });

    it('rebuilds its dates from the uploads published there', () => {
      expect(admitRow(backfill(), upload('F1', 1, D1))).toBe('publish');
    });

    it('leaves rows of other dates and of uploads not published there', () => {
      expect(admitRow(backfill(), upload('F1', 2, D2))).toBe('outside');
      expect(admitRow(backfill(), upload('F2', 1, D1))).toBe('outside');
    });

    it('takes the corrected version of a row instead of the original', () => {
      const s = backfill({ newest: new Map([['F1#5', 'R1']]) });
      expect(admitRow(s, upload('F1', 5, D1))).toBe('superseded');
      expect(admitRow(s, retried('R1', 'F1', 5, D1))).toBe('publish');
      expect(admitRow(s, retried('R1', 'F1', 5, D2))).toBe('outside');
    });

    it('a correction of an upload no longer published stays out', () => {
      const s = backfill({ newest: new Map([['F9#1', 'R1']]) });
      expect(admitRow(s, retried('R1', 'F9', 1, D1))).toBe('outside');
    });

    it('publishes pending files whole: late data on its dates and beyond them', () => {
      const s = backfill({ pending: new Set(['F3']) });
      expect(admitRow(s, upload('F3', 1, D1))).toBe('publish');
      expect(admitRow(s, upload('F3', 2, D2))).toBe('publish');
    });

    it('a pending correction of a pending upload is published', () => {
      const s = backfill({ pending: new Set(['F3', 'R2']), liveOriginsOnly: true });
      expect(admitRow(s, retried('R2', 'F3', 1, D2))).toBe('publish');
    });
  });
});
