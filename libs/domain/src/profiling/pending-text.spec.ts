import { PendingText } from './pending-text';

describe('PendingText', () => {
  it('gives each chunk with the unread rest of the previous scan', () => {
    const pending = new PendingText();
    expect(pending.add('abc')).toBe('abc');
    pending.keep('abc', 2);
    expect(pending.add('de')).toBe('cde');
    pending.keep('cde', 3);
    expect(pending.add('f')).toBe('f');
  });

  it('waits until the pending text doubled before scanning a cut unit again', () => {
    const pending = new PendingText();
    pending.keep('0123456789', 0);
    expect(pending.add('ab')).toBeUndefined();
    expect(pending.add('cdefgh')).toBeUndefined();
    expect(pending.add('ij')).toBe('0123456789abcdefghij');
    pending.keep('0123456789abcdefghij', 20);
    expect(pending.add('')).toBeUndefined();
    expect(pending.rest()).toBe('');
  });

  it('hands everything over at the end', () => {
    const pending = new PendingText();
    pending.keep('xyz', 1);
    pending.add('1');
    expect(pending.rest()).toBe('yz1');
  });
});
