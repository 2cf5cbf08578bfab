import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Writes JSON lines to a local file with back-pressure. Values must be JSON-safe already (no
 * bigint): a replacer function would push every row onto V8's slow serializer.
 */
export class NdjsonFileWriter {
  private readonly stream: WriteStream;
  private count = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'w' });
  }

  get lines(): number {
    return this.count;
  }

  async write(value: unknown): Promise<void> {
    this.count++;
    const line = `${JSON.stringify(value)}\n`;
    if (!this.stream.write(line)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'close');
  }
}
