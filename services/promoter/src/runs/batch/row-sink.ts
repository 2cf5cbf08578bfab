import { join } from 'node:path';
import { NdjsonFileWriter } from './ndjson-file-writer';

/** Valid rows of a batch, one local NDJSON file per `date=` partition. */
export class PartitionedRowSink {
  private readonly writers = new Map<string, NdjsonFileWriter>();

  constructor(private readonly dir: string) {}

  async write(date: string, row: Record<string, unknown>): Promise<void> {
    let writer = this.writers.get(date);
    if (!writer) {
      writer = new NdjsonFileWriter(join(this.dir, `rows-${date}.ndjson`));
      this.writers.set(date, writer);
    }
    await writer.write(row);
  }

  /** Closes every file; returns date → (path, rows), dates in order. */
  async close(): Promise<{ date: string; path: string; rows: number }[]> {
    const out: { date: string; path: string; rows: number }[] = [];
    for (const [date, writer] of [...this.writers.entries()].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      await writer.close();
      out.push({ date, path: writer.path, rows: writer.lines });
    }
    return out;
  }
}
