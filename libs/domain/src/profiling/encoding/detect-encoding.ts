import type { EncodingBasis, TextEncodingName } from '../../records/file-format';
import { FileParseError } from '../file-parse.error';
import { matchBinarySignature } from './binary-signatures';
import { incompleteUtf8TailLength } from './utf8-boundary';

export interface DetectedEncoding {
  readonly encoding: TextEncodingName;
  /** Bytes of byte-order mark to skip before decoding. */
  readonly bomLength: number;
  readonly basis: EncodingBasis;
}

/** Share of C0 control bytes (other than tab, LF, FF, CR) above which a sample is binary. */
const MAX_CONTROL_BYTE_SHARE = 0.01;

/**
 * Detects the encoding of a file from its first bytes: a BOM decides (UTF-8, UTF-16 LE/BE);
 * else a charset the upload declared; else zero bytes at every other position mean BOM-less
 * UTF-16; else the sample must be valid UTF-8 or it is read as windows-1252 (a guess).
 * Binary content raises a `FileParseError`. `complete` says whether the sample is the whole
 * file (a cut UTF-8 sequence at its end is then an error).
 */
export function detectEncoding(
  sample: Uint8Array,
  complete: boolean,
  declared?: TextEncodingName,
): DetectedEncoding {
  const bom = 'byte-order-mark' as const;
  if (startsWith(sample, [0xef, 0xbb, 0xbf]))
    return { encoding: 'utf-8', bomLength: 3, basis: bom };
  if (startsWith(sample, [0xff, 0xfe])) return { encoding: 'utf-16le', bomLength: 2, basis: bom };
  if (startsWith(sample, [0xfe, 0xff])) return { encoding: 'utf-16be', bomLength: 2, basis: bom };

  const signature = matchBinarySignature(sample);
  if (signature !== undefined) {
    throw new FileParseError(`The file is ${signature}, not CSV or JSON text`, { byteOffset: 0 });
  }
  if (declared !== undefined) {
    if (!declared.startsWith('utf-16')) rejectBinary(sample);
    return { encoding: declared, bomLength: 0, basis: 'declared' };
  }
  const utf16 = detectBomlessUtf16(sample);
  if (utf16 !== undefined) return { encoding: utf16, bomLength: 0, basis: 'detected' };

  rejectBinary(sample);
  const checked = complete
    ? sample
    : sample.subarray(0, sample.length - incompleteUtf8TailLength(sample));
  return isValidUtf8(checked)
    ? { encoding: 'utf-8', bomLength: 0, basis: 'detected' }
    : { encoding: 'windows-1252', bomLength: 0, basis: 'guessed' };
}

/** The decoder for a declared charset label (`utf-8`, `latin1` …); undefined for one we lack. */
export function encodingOfCharset(label: string): TextEncodingName | undefined {
  const key = label.trim().toLowerCase();
  return Object.hasOwn(CHARSETS, key) ? CHARSETS[key] : undefined;
}

/** The charset labels we decode. */
export function supportedCharsets(): string[] {
  return Object.keys(CHARSETS);
}

/** Labels as the WHATWG Encoding standard maps them (latin1 and ASCII decode as windows-1252). */
const CHARSETS: Readonly<Record<string, TextEncodingName>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
};

function startsWith(sample: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= sample.length && prefix.every((byte, i) => sample[i] === byte);
}

/** ASCII text in UTF-16 has a zero in every other byte: the high byte of each code unit. */
function detectBomlessUtf16(sample: Uint8Array): TextEncodingName | undefined {
  const pairs = Math.min(sample.length, 4096) >> 1;
  if (pairs < 2) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) zeroEven++;
    if (sample[2 * i + 1] === 0) zeroOdd++;
  }
  if (zeroOdd >= pairs * 0.4 && zeroEven <= pairs * 0.05) return 'utf-16le';
  if (zeroEven >= pairs * 0.4 && zeroOdd <= pairs * 0.05) return 'utf-16be';
  return undefined;
}

function rejectBinary(sample: Uint8Array): void {
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i] ?? 0;
    if (byte === 0) {
      throw new FileParseError('Binary content: a NUL byte is not valid in CSV or JSON text', {
        byteOffset: i,
      });
    }
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) controls++;
  }
  if (controls > 8 && controls > sample.length * MAX_CONTROL_BYTE_SHARE) {
    throw new FileParseError(
      `Binary content: ${controls} control bytes in the first ${sample.length} bytes`,
      { byteOffset: 0 },
    );
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
