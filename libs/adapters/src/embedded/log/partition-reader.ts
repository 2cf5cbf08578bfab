import { type FileHandle, open } from 'node:fs/promises';
import { isMissing } from '../fs-errors';
import { type LogCatalog, type PartitionState, segmentPath } from './log-catalog';
import { CorruptLogError, type LogRecord, readFrame } from './record-format';

const CHUNK_BYTES = 256 * 1024;

export interface FetchLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
}

/**
 * Reads one partition forward from an offset, a chunk at a time (memory stays flat however big
 * the segment), never past the committed high watermark, moving from segment to segment.
 */
export class PartitionReader {
  private segmentBase = 0;
  private position = 0;
  private nextOffset = 0;
  private handle: FileHandle | undefined;

  constructor(
    private readonly catalog: LogCatalog,
    private readonly logDir: string,
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** The offset the next fetched record will have. */
  get offset(): number {
    return this.nextOffset;
  }

  /** Positions the reader at `offset` (or at the high watermark if beyond it). */
  async seek(offset: number): Promise<void> {
    await this.moveTo(this.catalog.segmentFor(this.topic, this.partition, offset));
    this.nextOffset = this.segmentBase;
    await this.scan((record) => record.offset >= offset);
  }

  /** The first offset at or after `timestamp`, or the high watermark when there is none. */
  async offsetForTimestamp(timestamp: number): Promise<number> {
    await this.moveTo(this.catalog.segmentBefore(this.topic, this.partition, timestamp));
    this.nextOffset = this.segmentBase;
    await this.scan((record) => record.timestamp >= timestamp);
    return this.nextOffset;
  }

  async fetch(limits: FetchLimits): Promise<LogRecord[]> {
    const records: LogRecord[] = [];
    let bytes = 0;
    const state = this.catalog.partitionState(this.topic, this.partition);
    while (records.length < limits.maxRecords && bytes < limits.maxBytes) {
      const batch = await this.readChunk(state);
      if (batch === undefined) break;
      for (const { record, size } of batch) {
        if (records.length >= limits.maxRecords || bytes >= limits.maxBytes) break;
        records.push(record);
        bytes += size;
        this.advance(record, size);
      }
    }
    return records;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  /** Moves forward while `stop` is false for the record at hand; leaves the reader on it. */
  private async scan(stop: (record: LogRecord) => boolean): Promise<void> {
    const state = this.catalog.partitionState(this.topic, this.partition);
    for (;;) {
      const batch = await this.readChunk(state);
      if (batch === undefined) return;
      for (const { record, size } of batch) {
        if (stop(record)) return;
        this.advance(record, size);
      }
    }
  }

  private advance(record: LogRecord, size: number): void {
    if (record.offset !== this.nextOffset) {
      throw new CorruptLogError(
        `${this.where()}: found offset ${record.offset} where ${this.nextOffset} belongs`,
      );
    }
    this.position += size;
    this.nextOffset = record.offset + 1;
  }

  /** Whole records from the current position, or undefined when caught up with `state`. */
  private async readChunk(
    state: PartitionState,
  ): Promise<{ record: LogRecord; size: number }[] | undefined> {
    for (;;) {
      if (this.nextOffset >= state.nextOffset) return undefined;
      const handle = await this.segment();
      const end = this.segmentBase === state.activeBase ? state.endPos : (await handle.stat()).size;
      if (this.position >= end) {
        const next = this.catalog.nextSegment(this.topic, this.partition, this.segmentBase);
        if (next === undefined || this.segmentBase === state.activeBase) return undefined;
        await this.moveTo(next);
        continue;
      }
      let buffer = await this.read(handle, Math.min(CHUNK_BYTES, end - this.position));
      const records: { record: LogRecord; size: number }[] = [];
      let at = 0;
      while (at < buffer.length) {
        const frame = readFrame(buffer, at, this.where());
        if (frame.kind === 'record') {
          records.push({ record: frame.record, size: frame.bytes });
          at += frame.bytes;
          continue;
        }
        if (records.length > 0) break;
        // A record larger than a chunk: read exactly the frame.
        if (this.position + frame.bytes > end) {
          throw new CorruptLogError(`${this.where()}: a record runs past the committed end`);
        }
        buffer = await this.read(handle, frame.bytes);
      }
      return records;
    }
  }

  private async read(handle: FileHandle, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(buffer, read, length - read, this.position + read);
      if (bytesRead === 0) throw new CorruptLogError(`${this.where()}: segment ended early`);
      read += bytesRead;
    }
    return buffer;
  }

  private async segment(): Promise<FileHandle> {
    if (!this.handle) {
      try {
        this.handle = await open(
          segmentPath(this.logDir, this.topic, this.partition, this.segmentBase),
          'r',
        );
      } catch (error) {
        if (isMissing(error)) throw new CorruptLogError(`${this.where()}: segment file missing`);
        throw error;
      }
    }
    return this.handle;
  }

  private async moveTo(base: number): Promise<void> {
    await this.close();
    this.segmentBase = base;
    this.position = 0;
    this.nextOffset = Math.max(this.nextOffset, base);
  }

  private where(): string {
    return `${this.topic}/${this.partition} segment ${this.segmentBase}`;
  }
}
