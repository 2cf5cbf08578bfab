import { ChunkSource } from './chunk-source';

async function* chunks(...parts: number[][]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new Uint8Array(part);
}

async function collect(source: ChunkSource): Promise<number[]> {
  const bytes: number[] = [];
  for await (const chunk of source.chunks()) bytes.push(...chunk);
  return bytes;
}

describe('ChunkSource', () => {
  it('samples the first bytes and then replays the whole file from the start', async () => {
    const source = new ChunkSource(chunks([1, 2], [], [3, 4], [5]));
    expect(await source.sample(3)).toEqual({
      bytes: new Uint8Array([1, 2, 3, 4]),
      complete: false,
    });
    expect(await source.sample(10)).toEqual({
      bytes: new Uint8Array([1, 2, 3, 4, 5]),
      complete: true,
    });
    expect(await collect(source)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads a file shorter than the sample as complete, and an empty file', async () => {
    expect(await new ChunkSource(chunks([7])).sample(64)).toEqual({
      bytes: new Uint8Array([7]),
      complete: true,
    });
    expect(await new ChunkSource(chunks()).sample(64)).toEqual({
      bytes: new Uint8Array(0),
      complete: true,
    });
  });

  it('can be read only once', async () => {
    const source = new ChunkSource(chunks([1]));
    await collect(source);
    await expect(collect(source)).rejects.toThrow('only be read once');
  });
});
