import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Lines are gathered up to this many characters before one write to the stream. */
const CHUNK_CHARS = 256 * 1024;

/**
 * Writes JSON lines to a local file with back-pressure. Values must be JSON-safe already (no
 * bigint): a replacer function would push every row onto V8's slow serializer. Lines are
 * written in chunks: one stream write per row cost more than serialising the row.
 */
export class NdjsonFileWriter {
  private readonly stream: WriteStream;
  private count = 0;
  private pending: string[] = [];
  private pendingChars = 0;
  private failure: Error | undefined;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'w' });
    // Kept until the next write or close rethrows it: an unheard 'error' would end the process.
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  get lines(): number {
    return this.count;
  }

  async write(value: unknown): Promise<void> {
    this.count++;
    const line = JSON.stringify(value);
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    if (this.pendingChars >= CHUNK_CHARS) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    if (!this.stream.closed) {
      this.stream.end();
      await once(this.stream, 'close');
    }
    if (this.failure) throw this.failure;
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const chunk = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.pendingChars = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}
