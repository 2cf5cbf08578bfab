import { readNumberShape } from '../numeric-text';

interface Magnitude {
  readonly negative: boolean;
  /** Significant digits without leading or trailing zeros; empty for zero. */
  readonly digits: string;
  /** Position of the decimal point relative to the first significant digit. */
  readonly point: number;
}

function magnitudeOf(text: string): Magnitude {
  const negative = text.startsWith('-');
  const unsigned = text.replace(/^[+-]/, '');
  const [mantissa = '', exponentText] = unsigned.split(/[eE]/);
  const [integerPart = '', fraction = ''] = mantissa.split('.');
  const all = integerPart + fraction;
  const leading = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(leading).replace(/0+$/, '');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  return {
    negative: negative && digits.length > 0,
    digits,
    point: integerPart.length + exponent - leading,
  };
}

/**
 * Exact order of two number texts (per `TEXT_TYPE_PATTERNS.number`), however many digits:
 * negative, zero or positive like `a - b`.
 */
export function compareNumberTexts(a: string, b: string): number {
  if (readNumberShape(a) === undefined || readNumberShape(b) === undefined) {
    throw new Error(`compareNumberTexts: not numbers: ${a}, ${b}`);
  }
  const x = magnitudeOf(a);
  const y = magnitudeOf(b);
  const signX = x.digits.length === 0 ? 0 : x.negative ? -1 : 1;
  const signY = y.digits.length === 0 ? 0 : y.negative ? -1 : 1;
  if (signX !== signY) return signX - signY;
  if (signX === 0) return 0;
  let magnitude: number;
  if (x.point !== y.point) magnitude = x.point - y.point;
  else magnitude = x.digits < y.digits ? -1 : x.digits > y.digits ? 1 : 0;
  return signX * Math.sign(magnitude);
}
