import type { TextEncodingName } from '../../records/file-format';
import { incompleteUtf8TailLength } from './utf8-boundary';

/**
 * Decodes a file chunk by chunk. UTF-8 that turns out to be invalid further into the file
 * switches to windows-1252 from that chunk on (everything before was valid UTF-8, which for
 * such files is almost always plain ASCII, identical in both); `encoding` then reports it.
 */
export class TextChunkDecoder {
  private current: TextEncodingName;
  private readonly strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private streaming: InstanceType<typeof TextDecoder> | undefined;
  private tail: Uint8Array = new Uint8Array(0);
  private bomToSkip: number;
  private bytesSeen = 0;
  private fallbackAt: number | undefined;

  constructor(encoding: TextEncodingName, bomLength: number) {
    this.current = encoding;
    this.bomToSkip = bomLength;
    if (encoding !== 'utf-8') this.streaming = new TextDecoder(encoding, { ignoreBOM: true });
  }

  get encoding(): TextEncodingName {
    return this.current;
  }

  /** Byte offset of the first byte that was not valid UTF-8, when the decoder fell back. */
  get fallbackByteOffset(): number | undefined {
    return this.fallbackAt;
  }

  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.bomToSkip > 0) {
      const skip = Math.min(this.bomToSkip, bytes.length);
      bytes = bytes.subarray(skip);
      this.bomToSkip -= skip;
      this.bytesSeen += skip;
    }
    const text = this.streaming
      ? this.streaming.decode(bytes, { stream: true })
      : this.decodeUtf8(bytes);
    this.bytesSeen += bytes.length;
    return text;
  }

  end(): string {
    if (this.streaming) return this.streaming.decode();
    if (this.tail.length === 0) return '';
    // A file cut inside a UTF-8 character is not valid UTF-8: its last bytes fall back too.
    this.fallbackAt = this.bytesSeen - this.tail.length;
    this.current = 'windows-1252';
    const text = new TextDecoder('windows-1252').decode(this.tail);
    this.tail = new Uint8Array(0);
    return text;
  }

  private decodeUtf8(chunk: Uint8Array): string {
    const bytes = this.tail.length === 0 ? chunk : concat(this.tail, chunk);
    const cut = incompleteUtf8TailLength(bytes);
    const whole = cut === 0 ? bytes : bytes.subarray(0, bytes.length - cut);
    try {
      const text = this.strictUtf8.decode(whole);
      this.tail = cut === 0 ? new Uint8Array(0) : bytes.slice(bytes.length - cut);
      return text;
    } catch {
      this.fallbackAt = this.bytesSeen - this.tail.length + firstInvalidUtf8Offset(bytes);
      this.current = 'windows-1252';
      this.streaming = new TextDecoder('windows-1252');
      this.tail = new Uint8Array(0);
      return this.streaming.decode(bytes, { stream: true });
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (only on the fallback path). */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const continuation =
      lead >= 0xc2 && lead <= 0xdf
        ? 1
        : lead >= 0xe0 && lead <= 0xef
          ? 2
          : lead >= 0xf0 && lead <= 0xf4
            ? 3
            : -1;
    if (continuation < 0 || i + continuation >= bytes.length) return i;
    for (let k = 1; k <= continuation; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1] ?? 0;
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f)) return i;
    if ((lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return i;
    i += continuation + 1;
  }
  return bytes.length;
}
