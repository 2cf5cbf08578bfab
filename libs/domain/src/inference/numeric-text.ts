import { NUMERIC_LIMITS } from './text-type-patterns';
import { STRING_TYPE, type TypeInfo, numericType } from './type-info';

/** The decimal shape of a number written in text (see `TEXT_TYPE_PATTERNS` for the rules). */
export interface NumberShape {
  /** No fraction and no exponent. */
  readonly isInteger: boolean;
  /** Digits before the decimal point once the exponent is applied; at least 1. */
  readonly integerDigits: number;
  /** Digits after the decimal point once the exponent is applied; at least 0. */
  readonly scale: number;
  /** Mantissa digits without leading zeros (trailing zeros count). */
  readonly significantDigits: number;
}

const ZERO = 48;
const NINE = 57;
/** Beyond this the exponent only decides between overflow and underflow. */
const MAX_EXPONENT = 100_000;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

// The shape of the last number scanned: the hot path reads it from here instead of allocating.
let scannedIsInteger = false;
let scannedIntegerDigits = 0;
let scannedScale = 0;
let scannedSignificantDigits = 0;

/**
 * Scans `text` as a number of `TEXT_TYPE_PATTERNS.number` (an integer is one too) and records its
 * shape; false when it is not one. Hand-written (and checked against the pattern by a property
 * test) because it runs on every numeric cell of a file.
 */
function scanNumber(text: string): boolean {
  const length = text.length;
  let i = 0;
  let code = text.charCodeAt(0);
  if (code === 43 || code === 45) code = text.charCodeAt(++i);
  const integerStart = i;
  if (code === ZERO) i++;
  else if (code > ZERO && code <= NINE) {
    i++;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
  } else return false;
  const integerEnd = i;
  let fractionEnd = i;
  if (i < length && text.charCodeAt(i) === 46) {
    const fractionStart = ++i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    if (i === fractionStart) return false;
    fractionEnd = i;
  }
  let exponent = 0;
  let hasExponent = false;
  if (i < length && (text.charCodeAt(i) | 32) === 101) {
    hasExponent = true;
    code = text.charCodeAt(++i);
    const negative = code === 45;
    if (code === 43 || code === 45) i++;
    const exponentStart = i;
    while (i < length && isDigit(text.charCodeAt(i))) {
      if (exponent < MAX_EXPONENT) exponent = exponent * 10 + text.charCodeAt(i) - ZERO;
      i++;
    }
    if (i === exponentStart) return false;
    if (negative) exponent = -exponent;
  }
  if (i !== length) return false;

  const hasFraction = fractionEnd > integerEnd;
  const integerLength = integerEnd - integerStart;
  // Digits of the mantissa, integer part then fraction, without the decimal point.
  const mantissaLength = integerLength + (hasFraction ? fractionEnd - integerEnd - 1 : 0);
  let leadingZeros = 0;
  for (let k = integerStart; k < fractionEnd; k++) {
    const digit = text.charCodeAt(k);
    if (digit === 46) continue;
    if (digit !== ZERO) break;
    leadingZeros++;
  }
  const significantDigits = mantissaLength - leadingZeros;
  const pointPosition = integerLength + exponent;
  scannedIsInteger = !hasFraction && !hasExponent;
  scannedIntegerDigits = significantDigits === 0 ? 1 : Math.max(1, pointPosition - leadingZeros);
  scannedScale = Math.max(0, mantissaLength - pointPosition);
  scannedSignificantDigits = significantDigits;
  return true;
}

/** Reads `text` as a number of `TEXT_TYPE_PATTERNS.number`; undefined when it is not one. */
export function readNumberShape(text: string): NumberShape | undefined {
  if (!scanNumber(text)) return undefined;
  return {
    isInteger: scannedIsInteger,
    integerDigits: scannedIntegerDigits,
    scale: scannedScale,
    significantDigits: scannedSignificantDigits,
  };
}

/** The type of a number's text, or undefined when the text is not a number. */
export function numberTextType(text: string): TypeInfo | undefined {
  if (!scanNumber(text)) return undefined;
  const integerDigits = scannedIntegerDigits;
  const scale = scannedScale;
  if (scannedIsInteger) {
    if (integerDigits <= 9) return numericType('integer', integerDigits, 0);
    if (integerDigits <= 19) {
      const value = BigInt(text);
      if (value >= NUMERIC_LIMITS.int32Min && value <= NUMERIC_LIMITS.int32Max) {
        return numericType('integer', integerDigits, 0);
      }
      if (value >= NUMERIC_LIMITS.int64Min && value <= NUMERIC_LIMITS.int64Max) {
        return numericType('bigint', integerDigits, 0);
      }
    }
    return integerDigits <= NUMERIC_LIMITS.maxDecimalPrecision
      ? numericType('decimal', integerDigits, 0)
      : STRING_TYPE;
  }
  if (scannedSignificantDigits <= NUMERIC_LIMITS.maxDoubleSignificantDigits) {
    const value = Number(text);
    const underflow = value === 0 && scannedSignificantDigits > 0;
    return Number.isFinite(value) && !underflow
      ? numericType('double', integerDigits, scale)
      : STRING_TYPE;
  }
  return integerDigits + scale <= NUMERIC_LIMITS.maxDecimalPrecision
    ? numericType('decimal', integerDigits, scale)
    : STRING_TYPE;
}
