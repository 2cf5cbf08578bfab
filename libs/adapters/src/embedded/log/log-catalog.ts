import { join } from 'node:path';
import { TerminalError } from '@tributary/ports';
import type { Database } from '../sqlite/sqlite-database';

/**
 * The log's index in SQLite: topics, each partition's committed end (the high watermark and
 * the byte where its active segment ends), the segments, and consumer-group state. A send
 * commits here after its records are fsynced, so bytes past the committed end are never read.
 */
export const LOG_SCHEMA = `
  CREATE TABLE IF NOT EXISTS topics (
    name TEXT PRIMARY KEY,
    partitions INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS partitions (
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    active_base INTEGER NOT NULL,
    end_pos INTEGER NOT NULL,
    next_offset INTEGER NOT NULL,
    last_ts INTEGER NOT NULL,
    PRIMARY KEY (topic, partition)
  );
  CREATE TABLE IF NOT EXISTS segments (
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    base INTEGER NOT NULL,
    first_ts INTEGER,
    PRIMARY KEY (topic, partition, base)
  );
  CREATE TABLE IF NOT EXISTS offsets (
    group_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    next_offset INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
  );
  CREATE TABLE IF NOT EXISTS members (
    group_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    topics TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, member_id)
  );
  CREATE TABLE IF NOT EXISTS leases (
    group_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    owner TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
  );
`;

export interface PartitionState {
  readonly activeBase: number;
  readonly endPos: number;
  /** The high watermark: the offset the next record will get. */
  readonly nextOffset: number;
  readonly lastTimestamp: number;
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/** Kafka's rule for topic names; it also makes a topic name a safe directory name. */
export function validateTopic(topic: string): void {
  if (!TOPIC_NAME.test(topic) || topic === '.' || topic === '..') {
    throw new TerminalError('LOG_REJECTED', `invalid topic name ${JSON.stringify(topic)}`);
  }
}

export function partitionDir(logDir: string, topic: string, partition: number): string {
  return join(logDir, 'topics', topic, String(partition));
}

export function segmentPath(
  logDir: string,
  topic: string,
  partition: number,
  base: number,
): string {
  return join(partitionDir(logDir, topic, partition), `${String(base).padStart(20, '0')}.log`);
}

/** Synchronous reads and writes of the index; callers choose the transaction. */
export class LogCatalog {
  constructor(private readonly db: Database) {}

  partitionCount(topic: string): number | undefined {
    const row = this.db.prepare('SELECT partitions FROM topics WHERE name = ?').get(topic) as
      { partitions: number } | undefined;
    return row === undefined ? undefined : Number(row.partitions);
  }

  createTopic(topic: string, partitions: number): void {
    const inserted = this.db
      .prepare('INSERT OR IGNORE INTO topics (name, partitions) VALUES (?, ?)')
      .run(topic, partitions);
    if (Number(inserted.changes) === 0) return;
    for (let p = 0; p < partitions; p++) {
      this.db
        .prepare(
          `INSERT INTO partitions (topic, partition, active_base, end_pos, next_offset, last_ts)
           VALUES (?, ?, 0, 0, 0, 0)`,
        )
        .run(topic, p);
      this.db
        .prepare('INSERT INTO segments (topic, partition, base, first_ts) VALUES (?, ?, 0, NULL)')
        .run(topic, p);
    }
  }

  allPartitions(): { topic: string; partition: number }[] {
    return (
      this.db
        .prepare('SELECT topic, partition FROM partitions ORDER BY topic, partition')
        .all() as {
        topic: string;
        partition: number;
      }[]
    ).map((r) => ({ topic: r.topic, partition: Number(r.partition) }));
  }

  partitionState(topic: string, partition: number): PartitionState {
    const row = this.db
      .prepare(
        `SELECT active_base, end_pos, next_offset, last_ts FROM partitions
         WHERE topic = ? AND partition = ?`,
      )
      .get(topic, partition) as
      { active_base: number; end_pos: number; next_offset: number; last_ts: number } | undefined;
    if (!row) throw new TerminalError('LOG_REJECTED', `no partition ${topic}/${partition}`);
    return {
      activeBase: Number(row.active_base),
      endPos: Number(row.end_pos),
      nextOffset: Number(row.next_offset),
      lastTimestamp: Number(row.last_ts),
    };
  }

  setPartitionState(topic: string, partition: number, state: PartitionState): void {
    this.db
      .prepare(
        `UPDATE partitions SET active_base = ?, end_pos = ?, next_offset = ?, last_ts = ?
         WHERE topic = ? AND partition = ?`,
      )
      .run(state.activeBase, state.endPos, state.nextOffset, state.lastTimestamp, topic, partition);
  }

  addSegment(topic: string, partition: number, base: number, firstTimestamp: number): void {
    this.db
      .prepare(
        `INSERT INTO segments (topic, partition, base, first_ts) VALUES (?, ?, ?, ?)
         ON CONFLICT (topic, partition, base) DO UPDATE SET first_ts = excluded.first_ts`,
      )
      .run(topic, partition, base, firstTimestamp);
  }

  /** Records the first timestamp of a segment created empty (a new topic's first segment). */
  markSegmentStart(topic: string, partition: number, base: number, timestamp: number): void {
    this.db
      .prepare(
        `UPDATE segments SET first_ts = ? WHERE topic = ? AND partition = ? AND base = ?
         AND first_ts IS NULL`,
      )
      .run(timestamp, topic, partition, base);
  }

  /** The segment holding `offset` (the last one starting at or before it). */
  segmentFor(topic: string, partition: number, offset: number): number {
    const row = this.db
      .prepare(
        `SELECT max(base) AS base FROM segments WHERE topic = ? AND partition = ? AND base <= ?`,
      )
      .get(topic, partition, offset) as { base: number | null } | undefined;
    return row?.base === null || row?.base === undefined ? 0 : Number(row.base);
  }

  /** The last segment whose first record is older than `timestamp`: the search starts there. */
  segmentBefore(topic: string, partition: number, timestamp: number): number {
    const row = this.db
      .prepare(
        `SELECT max(base) AS base FROM segments WHERE topic = ? AND partition = ?
         AND first_ts IS NOT NULL AND first_ts < ?`,
      )
      .get(topic, partition, timestamp) as { base: number | null } | undefined;
    return row?.base === null || row?.base === undefined ? 0 : Number(row.base);
  }

  nextSegment(topic: string, partition: number, base: number): number | undefined {
    const row = this.db
      .prepare(
        `SELECT min(base) AS base FROM segments WHERE topic = ? AND partition = ? AND base > ?`,
      )
      .get(topic, partition, base) as { base: number | null } | undefined;
    return row?.base === null || row?.base === undefined ? undefined : Number(row.base);
  }

  committedOffset(groupId: string, topic: string, partition: number): number | undefined {
    const row = this.db
      .prepare('SELECT next_offset FROM offsets WHERE group_id = ? AND topic = ? AND partition = ?')
      .get(groupId, topic, partition) as { next_offset: number } | undefined;
    return row === undefined ? undefined : Number(row.next_offset);
  }

  setCommittedOffset(groupId: string, topic: string, partition: number, offset: number): void {
    this.db
      .prepare(
        `INSERT INTO offsets (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?)
         ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = excluded.next_offset`,
      )
      .run(groupId, topic, partition, offset);
  }

  initCommittedOffset(groupId: string, topic: string, partition: number, offset: number): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO offsets (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?)`,
      )
      .run(groupId, topic, partition, offset);
  }
}
