import { JsonNumber } from '../records/json-number';
import type { ReaderItem } from '../records/record-item';
import { FileParseError } from './file-parse.error';
import { type RecordReaderOptions, openRecordReader } from './open-record-reader';

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const utf8 = (text: string) => new TextEncoder().encode(text);

async function readAll(bytes: Uint8Array, options: RecordReaderOptions, chunkSize = 64 * 1024) {
  const reader = await openRecordReader(chunksOf(bytes, chunkSize), options);
  const items: ReaderItem[] = [];
  for await (const item of reader) items.push(item);
  return { reader, items };
}

const values = (items: readonly ReaderItem[]) =>
  items.map((item) => (item.kind === 'record' ? item.values : item.error));

describe('openRecordReader', () => {
  it('reads UTF-8 CSV with a BOM and CRLF line endings', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('id,name\r\n1,Zoë\r\n')]);
    const { reader, items } = await readAll(bytes, { contentType: 'text/csv' }, 2);
    expect(values(items)).toEqual([{ id: '1', name: 'Zoë' }]);
    expect(reader.format).toBe('csv');
    expect(reader.encoding).toBe('utf-8');
    expect(reader.dialect).toEqual({
      delimiter: ',',
      quote: '"',
      header: true,
      lineEnding: 'CRLF',
      quotedNewlines: false,
    });
  });

  it('reports quoted newlines in the final dialect', async () => {
    const { reader, items } = await readAll(utf8('a,b\n"x\ny",2\n'), { contentType: 'text/csv' });
    expect(values(items)).toEqual([{ a: 'x\ny', b: '2' }]);
    expect(reader.dialect?.quotedNewlines).toBe(true);
  });

  it('reads TSV and semicolon-separated files', async () => {
    const tsv = await readAll(utf8('a\tb\n1\t2\n'), { contentType: 'text/tab-separated-values' });
    expect(tsv.reader.format).toBe('tsv');
    expect(values(tsv.items)).toEqual([{ a: '1', b: '2' }]);
    const semicolon = await readAll(utf8('a;b\n1,5;2\n'), { contentType: 'text/csv' });
    expect(values(semicolon.items)).toEqual([{ a: '1,5', b: '2' }]);
  });

  it('reads an empty file and a header-only file as zero rows', async () => {
    const empty = await readAll(new Uint8Array(0), { contentType: 'text/csv' });
    expect(empty.items).toEqual([]);
    const headerOnly = await readAll(utf8('a,b,c\n'), { contentType: 'text/csv' });
    expect(headerOnly.items).toEqual([]);
    expect(headerOnly.reader.columns).toEqual(['a', 'b', 'c']);
    const emptyJson = await readAll(new Uint8Array(0), { contentType: 'application/json' });
    expect(emptyJson.items).toEqual([]);
  });

  it('reads windows-1252 text and reports the encoding', async () => {
    const bytes = new Uint8Array([
      ...utf8('name,price\n'),
      0x63,
      0x61,
      0x66,
      0xe9,
      0x2c,
      0x80,
      0x0a,
    ]);
    const { reader, items } = await readAll(bytes, { contentType: 'text/csv' });
    expect(values(items)).toEqual([{ name: 'café', price: '€' }]);
    expect(reader.encoding).toBe('windows-1252');
    expect(reader.encodingBasis).toBe('guessed');
    expect(reader.encodingNote).toMatch(/^guessed: .*not valid UTF-8/);
  });

  it('says when the encoding is the one the upload declared, and when the bytes decided', async () => {
    const bytes = new Uint8Array([...utf8('name\n'), 0x63, 0x61, 0x66, 0xe9, 0x0a]);
    const declared = await readAll(bytes, { contentType: 'text/csv', charset: 'latin1' });
    expect(values(declared.items)).toEqual([{ name: 'café' }]);
    expect(declared.reader.encodingBasis).toBe('declared');
    expect(declared.reader.encodingNote).toBe('declared by the upload: charset=latin1');
    const plain = await readAll(utf8('name\ncafé\n'), { contentType: 'text/csv' });
    expect([plain.reader.encodingBasis, plain.reader.encodingNote]).toEqual([
      'detected',
      'detected: every byte is valid UTF-8',
    ]);
    // Declared UTF-8 that is not: read on as windows-1252, and said so with the first bad byte.
    const wrong = await readAll(bytes, { contentType: 'text/csv', charset: 'utf-8' });
    expect(values(wrong.items)).toEqual([{ name: 'café' }]);
    expect(wrong.reader.encodingBasis).toBe('guessed');
    expect(wrong.reader.encodingNote).toBe(
      'guessed: byte 8 is not valid UTF-8 although the upload declared charset=utf-8; read as windows-1252 from there',
    );
  });

  it('switches to windows-1252 when invalid UTF-8 shows up after the sample', async () => {
    const head = `id\n${'1\n'.repeat(40_000)}`;
    const bytes = new Uint8Array([...utf8(head), 0xe9, 0x0a]);
    const { reader, items } = await readAll(bytes, { contentType: 'text/csv' }, 4096);
    expect(items).toHaveLength(40_001);
    expect(items.at(-1)).toMatchObject({ kind: 'record', values: { id: 'é' } });
    expect(reader.encoding).toBe('windows-1252');
    expect(reader.encodingNote).toBe(
      `guessed: byte ${head.length} is not valid UTF-8; read as windows-1252 from there`,
    );
  });

  it('reads UTF-16 with a BOM, LE and BE', async () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from('a,b\n1,ü\n', 'utf16le')]);
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1] ?? 0;
      be[i + 1] = le[i] ?? 0;
    }
    for (const [bytes, encoding] of [
      [le, 'utf-16le'],
      [be, 'utf-16be'],
    ] as const) {
      const { reader, items } = await readAll(bytes, { contentType: 'text/csv' }, 3);
      expect(values(items)).toEqual([{ a: '1', b: 'ü' }]);
      expect(reader.encoding).toBe(encoding);
    }
  });

  it('reads a JSON array, a single object and NDJSON', async () => {
    const array = await readAll(utf8('[{"a":1},{"a":2}]'), { contentType: 'application/json' }, 3);
    expect(values(array.items)).toEqual([{ a: new JsonNumber('1') }, { a: new JsonNumber('2') }]);
    const single = await readAll(utf8('{"a":{"b":[1,"x"]}}'), { contentType: 'application/json' });
    expect(single.reader.format).toBe('json-object');
    expect(values(single.items)).toEqual([{ a: { b: [new JsonNumber('1'), 'x'] } }]);
    const ndjson = await readAll(utf8('{"a":1}\n\n{"a":2}\n'), {
      contentType: 'application/x-ndjson',
    });
    expect(ndjson.items.map((item) => [item.position, item.line])).toEqual([
      [1, 1],
      [2, 3],
    ]);
  });

  it('keeps integers above 2^53 exactly', async () => {
    const { items } = await readAll(utf8('[{"id": 9007199254740993}]'), {
      contentType: 'application/json',
    });
    expect(values(items)).toEqual([{ id: new JsonNumber('9007199254740993') }]);
  });

  it('raises FileParseError for malformed JSON, naming the line and column', async () => {
    await expect(
      readAll(utf8('[\n{"a": 1},\n{"a": }\n]'), { contentType: 'application/json' }, 4),
    ).rejects.toThrow(
      new FileParseError('malformed JSON: unexpected "}", expected a value', {
        line: 3,
        column: 7,
      }),
    );
  });

  it('raises FileParseError for binary content before reading anything', async () => {
    await expect(
      openRecordReader(chunksOf(new Uint8Array([0x1f, 0x8b, 8, 0]), 2), {}),
    ).rejects.toBeInstanceOf(FileParseError);
  });

  it('can be read only once', async () => {
    const { reader } = await readAll(utf8('a\n1\n'), { contentType: 'text/csv' });
    expect(() => reader.batches()).toThrow('only be read once');
  });
});

describe('openRecordReader sampling', () => {
  it('grows the sample until it holds a whole line (a very wide header)', async () => {
    const header = Array.from({ length: 20_000 }, (_, i) => `c${i}`).join(';');
    const row = Array.from({ length: 20_000 }, (_, i) => String(i)).join(';');
    const { reader, items } = await readAll(
      utf8(`${header}\n${row}\n`),
      { contentType: 'text/csv' },
      8192,
    );
    expect(reader.dialect?.delimiter).toBe(';');
    expect(reader.columns).toHaveLength(20_000);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'record', values: { c0: '0', c19999: '19999' } });
  });
});
