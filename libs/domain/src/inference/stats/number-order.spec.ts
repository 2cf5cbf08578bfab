import fc from 'fast-check';
import { compareNumberTexts } from './number-order';

/** Exact value as a fraction over 10^40, for numbers of this test's range. */
function scaled(text: string): bigint {
  const negative = text.startsWith('-');
  const [mantissa = '', exponent = '0'] = text.replace(/^[+-]/, '').split(/[eE]/);
  const [whole = '', fraction = ''] = mantissa.split('.');
  const shift = 40 + Number(exponent) - fraction.length;
  const digits = BigInt(whole + fraction);
  const value = shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
  return negative ? -value : value;
}

describe('compareNumberTexts', () => {
  it.each([
    ['1', '2', -1],
    ['10', '9', 1],
    ['1.50', '1.5', 0],
    ['-0', '0', 0],
    ['-1', '-2', 1],
    ['9007199254740993', '9007199254740992', 1],
    ['1e3', '999.999', 1],
    ['0.1e1', '1', 0],
    ['12345678901234567890.000000000000000001', '12345678901234567890', 1],
  ])('%s vs %s → %i', (a, b, sign) => {
    expect(Math.sign(compareNumberTexts(a, b))).toBe(sign);
  });

  it('orders like exact arithmetic (property)', () => {
    const number = fc.stringMatching(/^-?(0|[1-9][0-9]{0,20})(\.[0-9]{1,10})?(e-?[0-9])?$/);
    fc.assert(
      fc.property(number, number, (a, b) => {
        const x = scaled(a);
        const y = scaled(b);
        expect(Math.sign(compareNumberTexts(a, b))).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
    );
  });

  it('refuses texts that are not numbers', () => {
    expect(() => compareNumberTexts('1', 'x')).toThrow('not numbers');
  });
});
