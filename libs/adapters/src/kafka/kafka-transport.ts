import {
  type Admin,
  type Consumer,
  type IHeaders,
  Kafka,
  type KafkaMessage,
  logLevel,
  type LogEntry,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type {
  ConsumeOptions,
  GroupLag,
  MessageTransport,
  OutgoingMessage,
  ReceivedMessage,
  Subscription,
} from '@tributary/ports';
import { mapKafkaError } from './kafka-error-mapping';

// kafkajs 2.2 computes some timer delays as negative numbers on Node ≥ 23, which then warns
// (TimeoutNegativeWarning) although Node clamps them to 1 ms as intended. Keep other warnings.
const defaultWarningListeners = process.listeners('warning');
if (!defaultWarningListeners.some((l) => l.name === 'tributaryWarningFilter')) {
  process.removeAllListeners('warning');
  process.on('warning', function tributaryWarningFilter(warning: Error) {
    if (warning.name === 'TimeoutNegativeWarning') return;
    for (const listener of defaultWarningListeners) listener.call(process, warning);
  });
}

export interface KafkaTransportConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly log?: (level: 'error' | 'warn' | 'info', message: string, extra: object) => void;
}

function headerValues(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined)
      out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

function toReceived(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: headerValues(message.headers),
    timestamp: Number(message.timestamp),
  };
}

/** Kafka through kafkajs: acks = all, idempotent producer, offsets committed after each message. */
export class KafkaTransport implements MessageTransport {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private admin: Admin | undefined;
  private readonly consumers = new Set<Consumer>();
  private readonly knownTopics = new Set<string>();

  constructor(private readonly config: KafkaTransportConfig) {
    const log = config.log;
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: [...config.brokers],
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log: entry }: LogEntry) => {
          const { message, ...extra } = entry;
          // We bound producer retries on purpose (an upload answers 503 rather than hang).
          if (String(message).startsWith('Limiting retries for the idempotent producer')) return;
          const kind =
            level === logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : 'info';
          log?.(kind, `kafkajs: ${String(message)}`, extra);
        },
      retry: { initialRetryTime: 300, retries: 8 },
    });
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  private async getProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  async ensureTopics(topics: readonly string[]): Promise<void> {
    const missing = topics.filter((t) => !this.knownTopics.has(t));
    if (missing.length === 0) return;
    try {
      const admin = await this.getAdmin();
      const existing = new Set(await admin.listTopics());
      const toCreate = missing.filter((t) => !existing.has(t));
      if (toCreate.length > 0) {
        try {
          await admin.createTopics({
            waitForLeaders: true,
            topics: toCreate.map((topic) => ({
              topic,
              numPartitions: this.config.partitions,
              replicationFactor: this.config.replicationFactor,
            })),
          });
        } catch (error) {
          // Another process may have created some of them at the same moment.
          const now = new Set(await admin.listTopics());
          if (!toCreate.every((t) => now.has(t))) throw error;
        }
      }
      for (const t of missing) this.knownTopics.add(t);
    } catch (error) {
      throw mapKafkaError(error, `ensure topics ${missing.join(', ')}`);
    }
  }

  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    try {
      const producer = await this.getProducer();
      await producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })),
      });
    } catch (error) {
      throw mapKafkaError(error, `send to ${topic}`);
    }
  }

  async consume(options: ConsumeOptions): Promise<Subscription> {
    if (typeof options.start === 'object') await this.resetGroupTo(options);
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { retries: 10 },
    });
    this.consumers.add(consumer);
    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: [...options.topics],
        fromBeginning: options.start !== 'latest',
      });
      await consumer.run({
        autoCommit: false,
        eachMessage: async (payload) => {
          const { topic, partition, message } = payload;
          const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), 2_000);
          try {
            await options.onMessage(toReceived(topic, partition, message));
          } finally {
            clearInterval(beat);
          }
          await consumer.commitOffsets([
            { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
          ]);
        },
      });
    } catch (error) {
      this.consumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
      throw mapKafkaError(error, `consume ${options.topics.join(', ')} as ${options.groupId}`);
    }
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  /** Replay: point the (idle) group at the first offsets at or after a timestamp. */
  private async resetGroupTo(options: ConsumeOptions): Promise<void> {
    const start = options.start;
    if (typeof start !== 'object') return;
    const admin = await this.getAdmin();
    for (const topic of options.topics) {
      const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, start.timestamp);
      const latest = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId: options.groupId,
        topic,
        partitions: offsets.map((o) => ({
          partition: o.partition,
          // -1 means no message at or after the timestamp: start at the end.
          offset:
            o.offset === '-1'
              ? (latest.find((l) => l.partition === o.partition)?.high ?? '0')
              : o.offset,
        })),
      });
    }
  }

  async groupLag(groupId: string, topics: readonly string[]): Promise<GroupLag[]> {
    const admin = await this.getAdmin();
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    const out: GroupLag[] = [];
    for (const entry of committed) {
      const high = await admin.fetchTopicOffsets(entry.topic);
      for (const p of entry.partitions) {
        const end = Number(high.find((h) => h.partition === p.partition)?.high ?? 0);
        const at = Number(p.offset);
        out.push({
          topic: entry.topic,
          partition: p.partition,
          lag: at < 0 ? end : Math.max(0, end - at),
        });
      }
    }
    return out;
  }

  async ping(): Promise<void> {
    try {
      const admin = await this.getAdmin();
      await admin.describeCluster();
    } catch (error) {
      throw mapKafkaError(error, 'describe cluster');
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.producer = undefined;
    this.admin = undefined;
  }
}
