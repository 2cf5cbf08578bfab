/**
 * Wraps the caller's chunks so the first bytes can be inspected (encoding, format, dialect)
 * and then read again from the start, without holding more than the sample in memory.
 */
export class ChunkSource {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private readonly buffered: Uint8Array[] = [];
  private bufferedLength = 0;
  private exhausted = false;
  private consumed = false;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.iterator = chunks[Symbol.asyncIterator]();
  }

  /** The first `minBytes` bytes (fewer when the file is shorter) and whether that is the whole file. */
  async sample(minBytes: number): Promise<{ bytes: Uint8Array; complete: boolean }> {
    while (!this.exhausted && this.bufferedLength < minBytes) {
      const next = await this.iterator.next();
      if (next.done === true) {
        this.exhausted = true;
      } else if (next.value.length > 0) {
        this.buffered.push(next.value);
        this.bufferedLength += next.value.length;
      }
    }
    return { bytes: joinChunks(this.buffered, this.bufferedLength), complete: this.exhausted };
  }

  /** Every chunk from the start of the file; can be iterated once. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    if (this.consumed) throw new Error('ChunkSource.chunks() can only be read once');
    this.consumed = true;
    const buffered = this.buffered.splice(0);
    for (const chunk of buffered) yield chunk;
    while (!this.exhausted) {
      const next = await this.iterator.next();
      if (next.done === true) this.exhausted = true;
      else if (next.value.length > 0) yield next.value;
    }
  }
}

function joinChunks(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
