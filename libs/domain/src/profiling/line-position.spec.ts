import { LinePosition } from './line-position';

describe('LinePosition', () => {
  it('tracks lines and columns across texts that restart at the unread rest', () => {
    const lines = new LinePosition();
    const first = 'ab\ncd\nef';
    lines.begin(first);
    expect(lines.lineAt(1)).toBe(1);
    expect([lines.lineAt(4), lines.columnAt(4)]).toEqual([2, 2]);
    lines.end(6);
    const second = 'ef\ngh';
    lines.begin(second);
    expect([lines.lineAt(1), lines.columnAt(1)]).toEqual([3, 2]);
    expect([lines.lineAt(4), lines.columnAt(4)]).toEqual([4, 2]);
  });

  it('counts columns of a line that began in an earlier text', () => {
    const lines = new LinePosition();
    lines.begin('x\nabcdef');
    lines.end(4);
    lines.begin('cdefgh');
    expect([lines.lineAt(3), lines.columnAt(3)]).toEqual([2, 6]);
  });
});
