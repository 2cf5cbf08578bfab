import { detectHeader } from './header-detection';

describe('detectHeader', () => {
  it('sees a header above typed columns', () => {
    expect(
      detectHeader([
        ['id', 'when'],
        ['1', '2024-01-02'],
        ['2', '2024-01-03'],
      ]),
    ).toBe(true);
  });

  it('sees data when the first row has typed values', () => {
    expect(
      detectHeader([
        ['1', 'Ann'],
        ['2', 'Bob'],
      ]),
    ).toBe(false);
    expect(detectHeader([['true', 'x']])).toBe(false);
  });

  it('accepts a header with an empty cell above a typed column', () => {
    expect(
      detectHeader([
        ['id', null],
        ['1', '2'],
      ]),
    ).toBe(true);
  });

  it('takes distinct non-empty text above text columns as a header', () => {
    expect(
      detectHeader([
        ['first', 'last'],
        ['John', 'Doe'],
      ]),
    ).toBe(true);
  });

  it('takes repeated or empty text above text columns as data', () => {
    expect(
      detectHeader([
        ['yes', 'yes'],
        ['no', 'no'],
      ]),
    ).toBe(false);
    expect(
      detectHeader([
        ['a', null],
        ['b', 'c'],
      ]),
    ).toBe(false);
  });

  it('takes a lone row of distinct text as a header (a header-only file)', () => {
    expect(detectHeader([['a', 'b', 'c']])).toBe(true);
    expect(detectHeader([['1', '2', '3']])).toBe(false);
  });

  it('takes a first row starting with digits as data, even when it is text (zip codes)', () => {
    expect(
      detectHeader([
        ['00501', 'Holtsville'],
        ['10001', 'New York'],
      ]),
    ).toBe(false);
    expect(
      detectHeader([
        ['zip', 'city'],
        ['00501', 'Holtsville'],
      ]),
    ).toBe(true);
  });
});
