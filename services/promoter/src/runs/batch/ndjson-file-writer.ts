import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Writes JSON lines to a local file with back-pressure; bigints are written as exact text. */
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
    const line = `${JSON.stringify(value, bigintAsText)}\n`;
    if (!this.stream.write(line)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'close');
  }
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
