import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { OutgoingMessage } from '@tributary/ports';
import { isMissing } from '../fs-errors';
import { CorruptLogError, encodeRecord } from './record-format';
import { type LogCatalog, type PartitionState, segmentPath } from './log-catalog';

interface OpenSegment {
  readonly base: number;
  readonly fd: number;
}

export interface AppenderOptions {
  readonly logDir: string;
  /** A segment is closed and a new one started once it would grow past this size. */
  readonly segmentBytes: number;
  /** fdatasync segments before a send commits (default true). */
  readonly fsync: boolean;
}

/**
 * Appends records to the active segment of a partition. Runs synchronously inside the log's
 * write transaction, which every process takes before appending: one writer per partition at a
 * time, and offsets assigned from the committed high watermark.
 */
export class LogAppender {
  private readonly open = new Map<string, OpenSegment>();

  constructor(
    private readonly catalog: LogCatalog,
    private readonly options: AppenderOptions,
  ) {}

  append(
    topic: string,
    partition: number,
    messages: readonly OutgoingMessage[],
    now: number,
  ): void {
    const state = this.catalog.partitionState(topic, partition);
    let fd = this.segmentFd(topic, partition, state.activeBase, false);
    this.trimToCommitted(fd, topic, partition, state);
    // Append time, never going back: a timestamp search can then trust the order of records.
    const timestamp = Math.max(now, state.lastTimestamp);
    const frames = messages.map((m, i) =>
      encodeRecord({
        offset: state.nextOffset + i,
        timestamp,
        key: m.key,
        value: m.value,
        headers: m.headers ?? {},
      }),
    );
    const batch = Buffer.concat(frames);
    let base = state.activeBase;
    let position = state.endPos;
    if (position > 0 && position + batch.length > this.options.segmentBytes) {
      base = state.nextOffset;
      fd = this.segmentFd(topic, partition, base, true);
      position = 0;
      this.catalog.addSegment(topic, partition, base, timestamp);
    } else if (position === 0) {
      this.catalog.markSegmentStart(topic, partition, base, timestamp);
    }
    let written = 0;
    while (written < batch.length) {
      written += writeSync(fd, batch, written, batch.length - written, position + written);
    }
    if (this.options.fsync) fdatasyncSync(fd);
    this.catalog.setPartitionState(topic, partition, {
      activeBase: base,
      endPos: position + batch.length,
      nextOffset: state.nextOffset + messages.length,
      lastTimestamp: timestamp,
    });
  }

  /**
   * Bytes past the committed end were written by a send that never committed (a crash, or a
   * torn write): nobody was told they were stored, so they are cut off.
   */
  recover(topic: string, partition: number): boolean {
    const state = this.catalog.partitionState(topic, partition);
    const fd = this.segmentFd(topic, partition, state.activeBase, false);
    return this.trimToCommitted(fd, topic, partition, state);
  }

  close(): void {
    for (const segment of this.open.values()) closeSync(segment.fd);
    this.open.clear();
  }

  private trimToCommitted(
    fd: number,
    topic: string,
    partition: number,
    state: PartitionState,
  ): boolean {
    const size = fstatSync(fd).size;
    if (size < state.endPos) {
      throw new CorruptLogError(
        `${topic}/${partition}: segment ${state.activeBase} holds ${size} bytes, ${state.endPos} were committed`,
      );
    }
    if (size === state.endPos) return false;
    ftruncateSync(fd, state.endPos);
    if (this.options.fsync) fdatasyncSync(fd);
    return true;
  }

  /** A fresh segment truncates what a crashed roll may have left under the same name. */
  private segmentFd(topic: string, partition: number, base: number, fresh: boolean): number {
    const id = `${topic}\0${partition}`;
    const cached = this.open.get(id);
    if (cached && cached.base === base && !fresh) return cached.fd;
    if (cached) {
      closeSync(cached.fd);
      this.open.delete(id);
    }
    const path = segmentPath(this.options.logDir, topic, partition, base);
    let fd: number;
    if (fresh) {
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(path, 'w+');
      this.syncDirectory(dirname(path));
    } else {
      try {
        fd = openSync(path, 'r+');
      } catch (error) {
        if (!isMissing(error)) throw error;
        // A partition whose first segment was never written (or a fresh topic's directory).
        mkdirSync(dirname(path), { recursive: true });
        fd = openSync(path, 'a+');
        closeSync(fd);
        fd = openSync(path, 'r+');
        this.syncDirectory(dirname(path));
      }
    }
    this.open.set(id, { base, fd });
    return fd;
  }

  private syncDirectory(dir: string): void {
    if (!this.options.fsync) return;
    try {
      const fd = openSync(dir, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // Platforms that cannot fsync a directory: the data itself is still fsynced.
    }
  }
}
