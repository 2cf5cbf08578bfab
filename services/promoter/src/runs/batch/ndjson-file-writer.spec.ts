import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NdjsonFileWriter } from './ndjson-file-writer';

describe('NdjsonFileWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ndjson-writer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every value as one line, in order, across many chunks', async () => {
    const writer = new NdjsonFileWriter(join(dir, 'rows.ndjson'));
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ i, text: `row "${i}"\n`.repeat(3) }));
    for (const row of rows) await writer.write(row);
    await writer.close();
    const lines = (await readFile(writer.path, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(rows);
    expect(writer.lines).toBe(rows.length);
  });

  it('creates an empty file when nothing is written', async () => {
    const writer = new NdjsonFileWriter(join(dir, 'empty.ndjson'));
    await writer.close();
    expect(await readFile(writer.path, 'utf8')).toBe('');
    expect(writer.lines).toBe(0);
  });

  it('reports a file that cannot be written on close instead of ending the process', async () => {
    const writer = new NdjsonFileWriter(join(dir, 'missing-folder', 'rows.ndjson'));
    await writer.write({ a: 1 });
    await expect(writer.close()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
