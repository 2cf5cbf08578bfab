/**
 * A number text (per `TEXT_TYPE_PATTERNS.number`) written as a plain decimal without exponent:
 * `1.5e2` → `150`, `-1e-3` → `-0.001`, `+007`-free integer part, the fraction digits kept as
 * written (scale is not padded). Exact for any number of digits.
 */
export function canonicalDecimalText(text: string): string {
  const negative = text.startsWith('-');
  const unsigned = text.replace(/^[+-]/, '');
  const [mantissa = '', exponentText] = unsigned.split(/[eE]/);
  const [integerPart = '', fraction = ''] = mantissa.split('.');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const digits = integerPart + fraction;
  const point = integerPart.length + exponent;
  let whole: string;
  let decimals: string;
  if (point <= 0) {
    whole = '0';
    decimals = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    decimals = '';
  } else {
    whole = digits.slice(0, point);
    decimals = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  const body = decimals.length > 0 ? `${whole}.${decimals}` : whole;
  const isZero = !/[1-9]/.test(body);
  return negative && !isZero ? `-${body}` : body;
}
