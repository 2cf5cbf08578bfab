import { mkdirSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type {
  ConsumeOptions,
  GroupLag,
  MessageTransport,
  OutgoingMessage,
  Subscription,
} from '@tributary/ports';
import { embeddedLayout, type EmbeddedLayout } from '../embedded-layout';
import { mapFsError } from '../fs-errors';
import { type Database, immediate, mapSqliteError, openDatabase } from '../sqlite/sqlite-database';
import { GroupMembership } from './group-membership';
import { LogAppender } from './log-appender';
import { LOG_SCHEMA, LogCatalog, partitionDir, validateTopic } from './log-catalog';
import { type LogFn, LogSubscription } from './log-subscription';
import { PartitionReader } from './partition-reader';

export interface EmbeddedLogTransportConfig {
  /** The embedded data folder; the log lives under `<root>/log`. */
  readonly root: string;
  /** Partitions of a topic this transport creates (default 3, like KAFKA_PARTITIONS). */
  readonly partitions?: number;
  /** Size at which a partition starts a new segment file (default 64 MiB). */
  readonly segmentBytes?: number;
  /** fdatasync segments before a send resolves (default true). */
  readonly fsync?: boolean;
  /** How long a write waits for another process's transaction (default 10 s). */
  readonly busyTimeoutMs?: number;
  /** How often an idle consumer looks for records from other processes (default 100 ms). */
  readonly pollMs?: number;
  readonly heartbeatMs?: number;
  /** A consumer silent this long loses its partitions to the group's other members (10 s). */
  readonly sessionTimeoutMs?: number;
  /** Delay before a message whose handler threw is handed over again (200 ms, doubling to 5 s). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly log?: LogFn;
}

interface OpenLog {
  readonly db: Database;
  readonly catalog: LogCatalog;
  readonly appender: LogAppender;
}

const ERROR_PREFIX = 'LOG';

/** Stable: one key always lands in one partition, so its messages stay in order. */
function partitionOf(key: string, partitions: number): number {
  return crc32(Buffer.from(key, 'utf8')) % partitions;
}

/**
 * Topics with partitions and consumer groups in a folder (embedded mode): append-only segment
 * files indexed by SQLite, shared safely by several processes (README: guarantees).
 */
export class EmbeddedLogTransport implements MessageTransport {
  private readonly layout: EmbeddedLayout;
  private log: OpenLog | undefined;
  private readonly subscriptions = new Set<LogSubscription>();

  constructor(private readonly config: EmbeddedLogTransportConfig) {
    this.layout = embeddedLayout(config.root);
  }

  async ensureTopics(topics: readonly string[]): Promise<void> {
    topics.forEach(validateTopic);
    this.createTopics(this.open(), topics);
  }

  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    validateTopic(topic);
    if (messages.length === 0) return;
    const log = this.open();
    // Like Kafka with auto.create.topics.enable: sending to a new topic creates it.
    const count = this.createTopics(log, [topic])[0]!;
    const byPartition = new Map<number, OutgoingMessage[]>();
    for (const message of messages) {
      const partition = partitionOf(message.key, count);
      byPartition.set(partition, [...(byPartition.get(partition) ?? []), message]);
    }
    try {
      immediate(log.db, `send to ${topic}`, () => {
        const now = Date.now();
        for (const [partition, batch] of byPartition) {
          log.appender.append(topic, partition, batch, now);
        }
      });
    } catch (error) {
      throw mapFsError(error, `send to ${topic}`, ERROR_PREFIX);
    }
    for (const subscription of this.subscriptions) subscription.notify(topic);
  }

  async consume(options: ConsumeOptions): Promise<Subscription> {
    options.topics.forEach(validateTopic);
    const log = this.open();
    this.createTopics(log, options.topics);
    const start = options.start ?? 'earliest';
    if (typeof start === 'object') await this.resetGroupTo(log, options, start.timestamp);
    if (start === 'latest') {
      immediate(log.db, `start ${options.groupId} at the end`, () => {
        for (const { topic, partition } of this.partitionsOf(log, options.topics)) {
          const end = log.catalog.partitionState(topic, partition).nextOffset;
          log.catalog.initCommittedOffset(options.groupId, topic, partition, end);
        }
      });
    }
    const heartbeatMs = this.config.heartbeatMs ?? 1_000;
    const membership = new GroupMembership(log.db, log.catalog, options.groupId, options.topics, {
      heartbeatMs,
      sessionTimeoutMs: this.config.sessionTimeoutMs ?? 10_000,
    });
    const subscription: LogSubscription = new LogSubscription(options, {
      catalog: log.catalog,
      logDir: this.layout.log,
      membership,
      log: this.config.log,
      timing: {
        pollMs: this.config.pollMs ?? 100,
        heartbeatMs,
        retryBaseMs: this.config.retryBaseMs ?? 200,
        retryMaxMs: this.config.retryMaxMs ?? 5_000,
        fetch: { maxRecords: 100, maxBytes: 1024 * 1024 },
      },
      onStopped: () => this.subscriptions.delete(subscription),
    });
    subscription.start();
    this.subscriptions.add(subscription);
    return subscription;
  }

  async groupLag(groupId: string, topics: readonly string[]): Promise<GroupLag[]> {
    const log = this.open();
    const known = topics.filter((t) => log.catalog.partitionCount(t) !== undefined);
    return this.partitionsOf(log, known).map(({ topic, partition }) => {
      const end = log.catalog.partitionState(topic, partition).nextOffset;
      const committed = log.catalog.committedOffset(groupId, topic, partition) ?? 0;
      return { topic, partition, lag: Math.max(0, end - committed) };
    });
  }

  async ping(): Promise<void> {
    const log = this.open();
    try {
      log.db.prepare('SELECT 1').get();
    } catch (error) {
      throw mapSqliteError(error, 'ping');
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    this.log?.appender.close();
    this.log?.db.close();
    this.log = undefined;
  }

  /** Replay: points the group at the first offset at or after `timestamp` in every partition. */
  private async resetGroupTo(
    log: OpenLog,
    options: ConsumeOptions,
    timestamp: number,
  ): Promise<void> {
    const targets: { topic: string; partition: number; offset: number }[] = [];
    for (const { topic, partition } of this.partitionsOf(log, options.topics)) {
      const reader = new PartitionReader(log.catalog, this.layout.log, topic, partition);
      try {
        targets.push({ topic, partition, offset: await reader.offsetForTimestamp(timestamp) });
      } finally {
        await reader.close();
      }
    }
    immediate(log.db, `reset ${options.groupId} to ${timestamp}`, () => {
      for (const t of targets) {
        log.catalog.setCommittedOffset(options.groupId, t.topic, t.partition, t.offset);
      }
    });
  }

  private partitionsOf(
    log: OpenLog,
    topics: readonly string[],
  ): { topic: string; partition: number }[] {
    return topics.flatMap((topic) =>
      Array.from({ length: log.catalog.partitionCount(topic) ?? 0 }, (_, partition) => ({
        topic,
        partition,
      })),
    );
  }

  /** Creates missing topics; returns every topic's partition count (an existing one's stays). */
  private createTopics(log: OpenLog, topics: readonly string[]): number[] {
    const partitions = Math.max(1, this.config.partitions ?? 3);
    const missing = topics.filter((t) => log.catalog.partitionCount(t) === undefined);
    if (missing.length > 0) {
      try {
        for (const topic of missing) {
          for (let p = 0; p < partitions; p++) {
            mkdirSync(partitionDir(this.layout.log, topic, p), { recursive: true });
          }
        }
      } catch (error) {
        throw mapFsError(error, `create topics ${missing.join(', ')}`, ERROR_PREFIX);
      }
      immediate(log.db, `create topics ${missing.join(', ')}`, () => {
        for (const topic of missing) log.catalog.createTopic(topic, partitions);
      });
    }
    return topics.map((t) => log.catalog.partitionCount(t) ?? partitions);
  }

  private open(): OpenLog {
    if (this.log) return this.log;
    try {
      mkdirSync(this.layout.log, { recursive: true });
    } catch (error) {
      throw mapFsError(error, `create ${this.layout.log}`, ERROR_PREFIX);
    }
    const db = openDatabase(this.layout.logDb, {
      busyTimeoutMs: this.config.busyTimeoutMs ?? 10_000,
      wal: true,
    });
    const catalog = new LogCatalog(db);
    const appender = new LogAppender(catalog, {
      logDir: this.layout.log,
      segmentBytes: this.config.segmentBytes ?? 64 * 1024 * 1024,
      fsync: this.config.fsync ?? true,
    });
    try {
      immediate(db, 'open the log', () => {
        db.exec(LOG_SCHEMA);
        for (const { topic, partition } of catalog.allPartitions()) {
          if (appender.recover(topic, partition)) {
            this.config.log?.('warn', 'embedded log: cut an uncommitted tail off a segment', {
              topic,
              partition,
            });
          }
        }
      });
    } catch (error) {
      appender.close();
      db.close();
      throw mapFsError(error, `open ${this.layout.log}`, ERROR_PREFIX);
    }
    this.log = { db, catalog, appender };
    return this.log;
  }
}
