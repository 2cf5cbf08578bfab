import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { crc32 } from 'node:zlib';
import { type Database, immediate } from '../sqlite/sqlite-database';
import type { LogCatalog } from './log-catalog';

export interface MembershipOptions {
  /** A member silent this long is presumed dead; its partitions go to the others. */
  readonly sessionTimeoutMs: number;
  readonly heartbeatMs: number;
}

export interface Assignment {
  /** Partitions whose lease this member holds (`topic\0partition`). */
  readonly held: ReadonlySet<string>;
  /** Partitions the current members' assignment gives to this member. */
  readonly desired: ReadonlySet<string>;
}

export function partitionId(topic: string, partition: number): string {
  return `${topic}\0${partition}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface MemberRow {
  readonly member_id: string;
  readonly topics: string;
  readonly host: string;
  readonly pid: number;
  readonly heartbeat_at: number;
}

/**
 * One member of a consumer group, in this process or another. Members share a group's
 * partitions: each partition has one lease, taken by the member the assignment names, renewed
 * by its heartbeat and checked when an offset is committed, so two members never both commit
 * for one partition.
 */
export class GroupMembership {
  readonly memberId = randomUUID();
  private readonly host = hostname();

  constructor(
    private readonly db: Database,
    private readonly catalog: LogCatalog,
    readonly groupId: string,
    private readonly topics: readonly string[],
    private readonly options: MembershipOptions,
  ) {}

  heartbeat(): Assignment {
    return immediate(this.db, `heartbeat ${this.groupId}`, () => {
      const now = Date.now();
      this.db
        .prepare(
          `INSERT INTO members (group_id, member_id, topics, host, pid, heartbeat_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (group_id, member_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
        )
        .run(this.groupId, this.memberId, JSON.stringify(this.topics), this.host, process.pid, now);
      const live = this.reapAndList(now);
      const desired = new Set<string>();
      for (const topic of this.topics) {
        const eligible = live.filter((m) => m.topics.includes(topic)).map((m) => m.id);
        const count = this.catalog.partitionCount(topic) ?? 0;
        const spread = crc32(topic);
        for (let p = 0; p < count; p++) {
          if (eligible[(p + spread) % eligible.length] === this.memberId) {
            desired.add(partitionId(topic, p));
          }
        }
      }
      const expires = now + this.options.sessionTimeoutMs;
      const acquire = this.db.prepare(
        `INSERT INTO leases (group_id, topic, partition, owner, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (group_id, topic, partition) DO UPDATE
         SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE leases.owner = excluded.owner OR leases.expires_at < ?`,
      );
      for (const id of desired) {
        const [topic, p] = id.split('\0') as [string, string];
        acquire.run(this.groupId, topic, Number(p), this.memberId, expires, now);
      }
      // Leases no longer desired are renewed too, until the consumer finishes with them.
      this.db
        .prepare('UPDATE leases SET expires_at = ? WHERE group_id = ? AND owner = ?')
        .run(expires, this.groupId, this.memberId);
      const held = this.db
        .prepare('SELECT topic, partition FROM leases WHERE group_id = ? AND owner = ?')
        .all(this.groupId, this.memberId) as { topic: string; partition: number }[];
      return {
        held: new Set(held.map((r) => partitionId(r.topic, Number(r.partition)))),
        desired,
      };
    });
  }

  release(topic: string, partition: number): void {
    immediate(this.db, `release ${topic}/${partition}`, () => {
      this.db
        .prepare(
          'DELETE FROM leases WHERE group_id = ? AND topic = ? AND partition = ? AND owner = ?',
        )
        .run(this.groupId, topic, partition, this.memberId);
    });
  }

  /** Commits the next offset to read; false when the lease went to another member. */
  commit(topic: string, partition: number, nextOffset: number): boolean {
    return immediate(this.db, `commit ${this.groupId} ${topic}/${partition}`, () => {
      const lease = this.db
        .prepare('SELECT owner FROM leases WHERE group_id = ? AND topic = ? AND partition = ?')
        .get(this.groupId, topic, partition) as { owner: string } | undefined;
      if (lease?.owner !== this.memberId) return false;
      this.catalog.setCommittedOffset(this.groupId, topic, partition, nextOffset);
      return true;
    });
  }

  leave(): void {
    immediate(this.db, `leave ${this.groupId}`, () => {
      this.db
        .prepare('DELETE FROM leases WHERE group_id = ? AND owner = ?')
        .run(this.groupId, this.memberId);
      this.db
        .prepare('DELETE FROM members WHERE group_id = ? AND member_id = ?')
        .run(this.groupId, this.memberId);
    });
  }

  /**
   * Drops members whose heartbeat stopped, and sooner those of a process on this host that
   * died (a restart after a crash need not wait out the session timeout); frees their leases.
   */
  private reapAndList(now: number): { id: string; topics: string[] }[] {
    const rows = this.db
      .prepare(
        'SELECT member_id, topics, host, pid, heartbeat_at FROM members WHERE group_id = ? ORDER BY member_id',
      )
      .all(this.groupId) as unknown as MemberRow[];
    const live: { id: string; topics: string[] }[] = [];
    for (const row of rows) {
      const silentFor = now - Number(row.heartbeat_at);
      const dead =
        row.member_id !== this.memberId &&
        (silentFor > this.options.sessionTimeoutMs ||
          (row.host === this.host &&
            silentFor > 3 * this.options.heartbeatMs &&
            !processAlive(Number(row.pid))));
      if (!dead) {
        live.push({ id: row.member_id, topics: JSON.parse(row.topics) as string[] });
        continue;
      }
      this.db
        .prepare('DELETE FROM members WHERE group_id = ? AND member_id = ?')
        .run(this.groupId, row.member_id);
      this.db
        .prepare('DELETE FROM leases WHERE group_id = ? AND owner = ?')
        .run(this.groupId, row.member_id);
    }
    return live;
  }
}
