import { FileParseError } from './file-parse.error';
import { type ProfileOptions, profileStream } from './profile-stream';

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const profile = (text: string | Uint8Array, options: ProfileOptions, chunkSize = 7) =>
  profileStream(
    chunksOf(typeof text === 'string' ? new TextEncoder().encode(text) : text, chunkSize),
    options,
  );

const types = (fields: Record<string, { type: string; precision?: number; scale?: number }>) =>
  Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [
      name,
      field.type === 'decimal' ? `decimal(${field.precision},${field.scale})` : field.type,
    ]),
  );

describe('profileStream', () => {
  it('profiles a CSV file: dialect, types, stats', async () => {
    const csv = [
      'id;zip;amount;big;when;day;active;mixed',
      '1;00501;12.50;9007199254740993;2024-01-01T10:00:00Z;2024-01-01;true;1',
      '2;10001;3;12345678901234567890;2024-01-02 11:00;2024-01-02;false;x',
      '3;;0.12345678901234567890;1;2024-01-03;2024-01-03;TRUE;2024-01-01',
    ].join('\r\n');
    const schema = await profile(csv, { contentType: 'text/csv' });
    expect(schema.format).toBe('csv');
    expect(schema.dialect).toEqual({
      delimiter: ';',
      quote: '"',
      header: true,
      lineEnding: 'CRLF',
      quotedNewlines: false,
    });
    expect(types(schema.fields)).toEqual({
      id: 'integer',
      zip: 'string',
      amount: 'decimal(22,20)',
      big: 'decimal(20,0)',
      when: 'timestamp',
      day: 'date',
      active: 'boolean',
      mixed: 'string',
    });
    expect(schema.fields.zip?.nullable).toBe(true);
    expect(schema.stats.big).toMatchObject({ min: '1', max: '12345678901234567890' });
    expect(schema.rowCount).toBe(3);
  });

  it('reads a CSV without header as column_1 …', async () => {
    const schema = await profile('1,2024-01-01\n2,2024-01-02\n', { contentType: 'text/csv' });
    expect(types(schema.fields)).toEqual({ column_1: 'integer', column_2: 'date' });
    expect(schema.dialect?.header).toBe(false);
  });

  it('counts ragged rows as row errors with their position', async () => {
    const schema = await profile('a,b\n1,2\n3\n4,5,6\n7,8\n', { contentType: 'text/csv' });
    expect(schema.rowCount).toBe(2);
    expect(schema.rowErrors).toEqual({
      count: 2,
      first: [
        { position: 2, line: 3, reason: 'row has 1 fields, the header has 2' },
        { position: 3, line: 4, reason: 'row has 3 fields, the header has 2' },
      ],
    });
  });

  it('keeps the columns of a header-only file and of an empty JSON array', async () => {
    const headerOnly = await profile('a,b\n', { contentType: 'text/csv' });
    expect(headerOnly.rowCount).toBe(0);
    expect(types(headerOnly.fields)).toEqual({ a: 'null', b: 'null' });
    const empty = await profile('', { contentType: 'text/csv' });
    expect(empty).toMatchObject({ rowCount: 0, fields: {} });
    const emptyArray = await profile('[]', { contentType: 'application/json' });
    expect(emptyArray).toMatchObject({ format: 'json-array', rowCount: 0, fields: {} });
  });

  it('profiles TSV', async () => {
    const schema = await profile('a\tb\n1\tx\n', { contentType: 'text/tab-separated-values' });
    expect(schema.format).toBe('tsv');
    expect(types(schema.fields)).toEqual({ a: 'integer', b: 'string' });
  });

  it('applies hints: a zip code stays a string, the stats record what was seen', async () => {
    const schema = await profile('zip\n10001\n20002\n', {
      contentType: 'text/csv',
      hints: { zip: 'string' },
    });
    expect(schema.fields.zip?.type).toBe('string');
    expect(schema.stats.zip).toMatchObject({ min: '10001', max: '20002' });
  });

  it('profiles NDJSON with blank lines, nested objects and arrays of mixed types', async () => {
    const ndjson = [
      '{"id": 1, "user": {"name": "Ann", "tags": ["a", 1]}, "score": 1.5}',
      '',
      '{"id": 9223372036854775807, "user": {"name": "Bob", "tags": []}, "score": 2}',
      '   ',
      '{"id": 3, "user": {"name": null}, "extra": {"deep": {"x": "2024-01-01"}}}',
    ].join('\n');
    const schema = await profile(ndjson, { contentType: 'application/x-ndjson' });
    expect(schema.format).toBe('ndjson');
    expect(schema.rowCount).toBe(3);
    expect(types(schema.fields)).toEqual({
      id: 'bigint',
      user: 'object',
      'user.name': 'string',
      'user.tags': 'array',
      score: 'double',
      extra: 'object',
      'extra.deep': 'object',
      'extra.deep.x': 'date',
    });
    expect(schema.fields['user.tags']?.items).toBe('string');
    expect(schema.fields['extra.deep.x']?.column).toBe('extra__deep__x');
    expect(schema.stats.id?.max).toBe('9223372036854775807');
  });

  it('profiles a JSON array and a single object', async () => {
    const array = await profile('[{"a": 1.0}, {"a": 2}]', { contentType: 'application/json' });
    expect(array).toMatchObject({ format: 'json-array', rowCount: 2 });
    expect(types(array.fields)).toEqual({ a: 'double' });
    const single = await profile('{"a": {"b": 1}}', { contentType: 'application/json' });
    expect(single).toMatchObject({ format: 'json-object', rowCount: 1 });
    expect(types(single.fields)).toEqual({ a: 'object', 'a.b': 'integer' });
  });

  it('raises FileParseError for malformed JSON with its position', async () => {
    await expect(
      profile('[{"a": 1}, {"a": 2]', { contentType: 'application/json' }),
    ).rejects.toThrow(
      new FileParseError(
        `malformed JSON: unexpected "]", expected ',' or '}' after a property value`,
        {
          line: 1,
          column: 19,
        },
      ),
    );
  });

  it('profiles windows-1252 and UTF-16 files and reports the encoding', async () => {
    const latin = new Uint8Array([
      ...new TextEncoder().encode('name\n'),
      0x4a,
      0x6f,
      0x73,
      0xe9,
      0x0a,
    ]);
    const schema1252 = await profile(latin, { contentType: 'text/csv' });
    expect(schema1252.encoding).toBe('windows-1252');
    expect(schema1252.stats.name?.samples).toEqual(['José']);
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('n\n1\n2\n', 'utf16le')]);
    const schema16 = await profile(utf16, { contentType: 'text/csv' });
    expect(schema16).toMatchObject({ encoding: 'utf-16le', rowCount: 2 });
    expect(types(schema16.fields)).toEqual({ n: 'integer' });
  });

  it('uses a dialect given by the caller', async () => {
    const schema = await profile('1,2\n3,4\n', {
      contentType: 'text/csv',
      dialect: { header: true },
    });
    expect(Object.keys(schema.fields)).toEqual(['1', '2']);
    expect(schema.fields['1']?.column).toBe('_1');
  });
});
