import { TextChunkDecoder } from './text-chunk-decoder';

function decodeInChunks(decoder: TextChunkDecoder, bytes: Uint8Array, size: number): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += size) text += decoder.decode(bytes.subarray(i, i + size));
  return text + decoder.end();
}

describe('TextChunkDecoder', () => {
  const text = 'naïve café, 😀 ok\n';
  const utf8 = new TextEncoder().encode(text);

  it('decodes UTF-8 split inside multi-byte characters, for every chunk size', () => {
    for (let size = 1; size <= 8; size++) {
      const decoder = new TextChunkDecoder('utf-8', 0);
      expect(decodeInChunks(decoder, utf8, size)).toBe(text);
      expect(decoder.encoding).toBe('utf-8');
    }
  });

  it('skips the byte-order mark even when it is split across chunks', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    expect(decodeInChunks(new TextChunkDecoder('utf-8', 3), withBom, 1)).toBe(text);
  });

  it('keeps a zero-width no-break space that is not at the start', () => {
    const bytes = new Uint8Array([0x61, 0xef, 0xbb, 0xbf, 0x62]);
    expect(decodeInChunks(new TextChunkDecoder('utf-8', 0), bytes, 1)).toBe('a\ufeffb');
  });

  it('falls back to windows-1252 from the first chunk that is not UTF-8, and says so', () => {
    const ascii = new TextEncoder().encode('name\nplain\n');
    const latin = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x0a]);
    const decoder = new TextChunkDecoder('utf-8', 0);
    const decoded = decoder.decode(ascii) + decoder.decode(latin) + decoder.end();
    expect(decoded).toBe('name\nplain\ncafé €\n');
    expect(decoder.encoding).toBe('windows-1252');
    expect(decoder.fallbackByteOffset).toBe(ascii.length + 3);
  });

  it('falls back when the file ends inside a UTF-8 character', () => {
    const decoder = new TextChunkDecoder('utf-8', 0);
    expect(decoder.decode(new Uint8Array([0x61, 0xc3])) + decoder.end()).toBe('aÃ');
    expect(decoder.encoding).toBe('windows-1252');
  });

  it('decodes UTF-16 LE and BE with their byte-order marks, split anywhere', () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1] ?? 0;
      be[i + 1] = le[i] ?? 0;
    }
    for (const size of [1, 3, 1000]) {
      expect(decodeInChunks(new TextChunkDecoder('utf-16le', 2), le, size)).toBe(text);
      expect(decodeInChunks(new TextChunkDecoder('utf-16be', 2), be, size)).toBe(text);
    }
  });
});

describe('TextChunkDecoder fallback offset', () => {
  it.each([
    [[0x61, 0xe9, 0x20], 1],
    [[0x61, 0xc3, 0xa9, 0xff], 3],
    [[0xe0, 0x80, 0x80], 0],
    [[0xed, 0xa0, 0x80], 0],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0x61, 0x62, 0x80], 2],
  ])('points at the first invalid byte of %j', (bytes, offset) => {
    const decoder = new TextChunkDecoder('utf-8', 0);
    decoder.decode(new Uint8Array([...bytes, 0x0a]));
    expect(decoder.encoding).toBe('windows-1252');
    expect(decoder.fallbackByteOffset).toBe(offset);
  });
});
