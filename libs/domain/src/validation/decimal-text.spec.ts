import fc from 'fast-check';
import { canonicalDecimalText } from './decimal-text';

describe('canonicalDecimalText', () => {
  it.each([
    ['12.50', '12.50'],
    ['+7', '7'],
    ['-0.0', '0.0'],
    ['1.5e2', '150'],
    ['1.5E-3', '0.0015'],
    ['-1e-3', '-0.001'],
    ['123.45e-2', '1.2345'],
    ['0.001e2', '0.1'],
    ['12345678901234567890.12', '12345678901234567890.12'],
  ])('%s → %s', (text, expected) => {
    expect(canonicalDecimalText(text)).toBe(expected);
  });

  it('keeps the exact value (property)', () => {
    const number = fc.stringMatching(
      /^-?(0|[1-9][0-9]{0,25})(\.[0-9]{1,12})?([eE][+-]?[0-9]{1,2})?$/,
    );
    fc.assert(
      fc.property(number, (text) => {
        const canonical = canonicalDecimalText(text);
        expect(canonical).toMatch(/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/);
        const toScaled = (value: string): bigint => {
          const negative = value.startsWith('-');
          const [mantissa = '', exponent = '0'] = value.replace(/^[+-]/, '').split(/[eE]/);
          const [whole = '', fraction = ''] = mantissa.split('.');
          const shift = 200 + Number(exponent) - fraction.length;
          const scaled = BigInt(whole + fraction) * 10n ** BigInt(shift);
          return negative ? -scaled : scaled;
        };
        expect(toScaled(canonical)).toBe(toScaled(text));
      }),
    );
  });
});
