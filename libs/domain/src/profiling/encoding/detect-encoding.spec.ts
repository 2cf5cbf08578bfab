import { FileParseError } from '../file-parse.error';
import { detectEncoding, encodingOfCharset } from './detect-encoding';

const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('detectEncoding', () => {
  it('recognises byte-order marks', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61), true)).toEqual({
      encoding: 'utf-8',
      bomLength: 3,
      basis: 'byte-order-mark',
    });
    expect(detectEncoding(bytes(0xff, 0xfe, 0x61, 0x00), true)).toEqual({
      encoding: 'utf-16le',
      bomLength: 2,
      basis: 'byte-order-mark',
    });
    expect(detectEncoding(bytes(0xfe, 0xff, 0x00, 0x61), true)).toEqual({
      encoding: 'utf-16be',
      bomLength: 2,
      basis: 'byte-order-mark',
    });
  });

  it('takes valid UTF-8 as UTF-8, even cut inside a character at the end of a partial sample', () => {
    expect(detectEncoding(utf8('a,b\né,ü\n'), true)).toEqual({
      encoding: 'utf-8',
      bomLength: 0,
      basis: 'detected',
    });
    const cut = utf8('name\nJosé').slice(0, -1);
    expect(detectEncoding(cut, false).encoding).toBe('utf-8');
    expect(detectEncoding(cut, true).encoding).toBe('windows-1252');
  });

  it('falls back to windows-1252 for bytes that are not UTF-8', () => {
    expect(detectEncoding(bytes(0x63, 0x61, 0x66, 0xe9, 0x0a), true)).toEqual({
      encoding: 'windows-1252',
      bomLength: 0,
      basis: 'guessed',
    });
  });

  it('takes a declared charset when no byte-order mark says otherwise', () => {
    const latin1 = bytes(0x63, 0x61, 0x66, 0xe9, 0x0a);
    expect(detectEncoding(latin1, true, 'windows-1252')).toEqual({
      encoding: 'windows-1252',
      bomLength: 0,
      basis: 'declared',
    });
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61), true, 'windows-1252')).toMatchObject({
      encoding: 'utf-8',
      basis: 'byte-order-mark',
    });
    expect(() => detectEncoding(bytes(0x61, 0x00, 0x62), true, 'utf-8')).toThrow(/NUL byte/);
  });

  it('knows the charset labels it decodes, as the Encoding standard maps them', () => {
    expect(encodingOfCharset('UTF-8')).toBe('utf-8');
    expect(encodingOfCharset('latin1')).toBe('windows-1252');
    expect(encodingOfCharset('ISO-8859-1')).toBe('windows-1252');
    expect(encodingOfCharset('shift_jis')).toBeUndefined();
    expect(encodingOfCharset('constructor')).toBeUndefined();
  });

  it('recognises UTF-16 without a byte-order mark from its zero bytes', () => {
    const le = new Uint8Array(Buffer.from('id,name\n1,Ann\n', 'utf16le'));
    expect(detectEncoding(le, true).encoding).toBe('utf-16le');
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1] ?? 0;
      be[i + 1] = le[i] ?? 0;
    }
    expect(detectEncoding(be, true).encoding).toBe('utf-16be');
  });

  it('rejects gzip and other binary formats by their signature', () => {
    expect(() => detectEncoding(bytes(0x1f, 0x8b, 0x08, 0x00), true)).toThrow(
      new FileParseError(
        'The file is gzip-compressed data (decompress it before profiling), not CSV or JSON text',
        {
          byteOffset: 0,
        },
      ),
    );
    expect(() => detectEncoding(utf8('PAR1xxxx'), true)).toThrow('a Parquet file');
  });

  it('rejects binary content with the offset of a NUL byte', () => {
    expect(() =>
      detectEncoding(bytes(0x61, 0x62, 0x00, 0x63, 0x64, 0x65, 0x66, 0x67), true),
    ).toThrow(
      new FileParseError('Binary content: a NUL byte is not valid in CSV or JSON text', {
        byteOffset: 2,
      }),
    );
  });

  it('rejects random bytes full of control characters', () => {
    const garbage = new Uint8Array(4096);
    let seed = 7;
    for (let i = 0; i < garbage.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      garbage[i] = 1 + (seed % 255);
    }
    expect(() => detectEncoding(garbage, true)).toThrow(/Binary content: \d+ control bytes/);
  });
});
