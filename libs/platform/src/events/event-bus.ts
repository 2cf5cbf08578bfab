import {
  type AnyEvent,
  baseTopicOf,
  deadLetterTopicName,
  DLQ_HEADER,
  EVENT_DEFINITIONS,
  type EventOf,
  TRACEPARENT_HEADER,
  topicName,
  type TopicBaseName,
} from '@tributary/contracts';
import {
  errorMessage,
  type EventCodec,
  type MessageTransport,
  type ReceivedMessage,
  type StartPosition,
  type Subscription,
  TerminalError,
  TributaryError,
} from '@tributary/ports';
import type { Logger } from 'pino';
import { withContext } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import { decideRetry, type RetryPolicy, ShutdownInProgressError, sleep } from './retry-policy';

export interface HandlerContext {
  readonly topic: TopicBaseName;
  readonly partition: number;
  readonly offset: string;
  readonly attempt: number;
  readonly logger: Logger;
}

export type EventHandlerFn = (event: AnyEvent, context: HandlerContext) => Promise<void>;

export interface EventBusDeps {
  readonly transport: MessageTransport;
  readonly codec: EventCodec;
  readonly namespace: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly retry: RetryPolicy;
}

export interface SubscribeOptions {
  readonly groupId: string;
  readonly topics: readonly TopicBaseName[];
  readonly handler: EventHandlerFn;
  readonly start?: StartPosition;
}

const ENVELOPE_FIELDS = ['eventId', 'eventType', 'sourceId', 'occurredAt', 'traceparent'] as const;

/**
 * Publishes typed events and runs consumers: decode through the codec, hand to the handler,
 * retry retriable failures with backoff, dead-letter poison or terminally failing messages to
 * `<topic>.dlq` (error in headers) so the partition moves on; commit only after that.
 */
export class EventBus {
  private readonly handled;
  private readonly deadLettered;
  private readonly published;
  private readonly subscriptions = new Set<Subscription>();
  /** Groups this bus consumes as, with their physical topics, for the lag gauge. */
  private readonly consumed = new Map<string, string[]>();
  private readonly stopping = new AbortController();

  constructor(private readonly deps: EventBusDeps) {
    this.handled = deps.metrics.histogram({
      name: 'tributary_handler_duration_seconds',
      help: 'Time spent handling one event, by topic and outcome (seconds)',
      labelNames: ['topic', 'outcome'],
      buckets: [0.005, 0.025, 0.1, 0.25, 1, 2.5, 10, 30, 120],
    });
    this.deadLettered = deps.metrics.counter({
      name: 'tributary_dead_lettered_messages_total',
      help: 'Messages sent to <topic>.dlq, by original topic and kind (poison, terminal, exhausted)',
      labelNames: ['topic', 'kind'],
    });
    this.published = deps.metrics.counter({
      name: 'tributary_events_published_total',
      help: 'Events published, by topic',
      labelNames: ['topic'],
    });
    const consumed = this.consumed;
    const transport = deps.transport;
    deps.metrics.gauge({
      name: 'tributary_consumer_lag_messages',
      help: 'Messages not yet handled by a consumer group, per topic and partition (read at scrape time)',
      labelNames: ['group', 'topic', 'partition'],
      async collect() {
        for (const [group, topics] of consumed) {
          const lags = await Promise.race([
            transport.groupLag(group, topics),
            new Promise<[]>((resolve) => setTimeout(() => resolve([]), 2_000).unref()),
          ]).catch(() => []);
          for (const lag of lags)
            this.set({ group, topic: lag.topic, partition: String(lag.partition) }, lag.lag);
        }
      },
    });
  }

  /** Consumer groups are namespaced like topics, so deployments sharing a cluster never share a group. */
  group(groupId: string): string {
    return this.deps.namespace === '' ? groupId : `${this.deps.namespace}.${groupId}`;
  }

  physical(topic: TopicBaseName): string {
    return topicName(topic, this.deps.namespace);
  }

  /** Creates the topics and their `.dlq` twins and registers the event schemas (idempotent). */
  async prepare(topics: readonly TopicBaseName[]): Promise<void> {
    const physical = topics.map((t) => this.physical(t));
    await this.deps.transport.ensureTopics([...physical, ...physical.map(deadLetterTopicName)]);
    await this.deps.codec.prepare(
      topics.map((t) => ({ physical: this.physical(t), schema: EVENT_DEFINITIONS[t].schema })),
    );
  }

  async publish<T extends TopicBaseName>(topic: T, event: EventOf<T>): Promise<void> {
    const physical = this.physical(topic);
    const value = await this.deps.codec.encode(physical, event);
    await this.deps.transport.send(physical, [
      {
        key: event.sourceId,
        value,
        headers: { [TRACEPARENT_HEADER]: event.traceparent, 'x-tributary-event-type': topic },
      },
    ]);
    this.published.inc({ topic });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    await this.prepare(options.topics);
    const subscription = await this.deps.transport.consume({
      groupId: this.group(options.groupId),
      topics: options.topics.map((t) => this.physical(t)),
      start: options.start ?? 'earliest',
      onMessage: (message) => this.handleMessage(message, options.handler),
    });
    this.subscriptions.add(subscription);
    const group = this.group(options.groupId);
    this.consumed.set(
      group,
      options.topics.map((t) => this.physical(t)),
    );
    return {
      stop: async () => {
        this.consumed.delete(group);
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  /** Messages of these topics the group has not handled yet (sum over partitions). */
  async lag(groupId: string, topics: readonly TopicBaseName[]): Promise<number> {
    const lags = await this.deps.transport.groupLag(
      this.group(groupId),
      topics.map((t) => this.physical(t)),
    );
    return lags.reduce((sum, p) => sum + p.lag, 0);
  }

  /** Stops every consumer; a handler waiting on a retry gives its message back uncommitted. */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
  }

  private async handleMessage(message: ReceivedMessage, handler: EventHandlerFn): Promise<void> {
    const topic = baseTopicOf(message.topic, this.deps.namespace);
    const log = this.deps.logger.child({
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
    });
    if (!topic) {
      await this.deadLetter(
        message,
        'poison',
        `topic ${message.topic} is not a Tributary topic`,
        0,
        log,
      );
      return;
    }
    let event: AnyEvent;
    try {
      event = await this.decode(message);
    } catch (error) {
      if (error instanceof TributaryError && error.retriable) throw error;
      await this.deadLetter(message, 'poison', errorMessage(error), 0, log);
      return;
    }
    const eventLog = withContext(log, {
      sourceId: event.sourceId,
      runId: event.runId,
      traceparent: event.traceparent,
      eventId: event.eventId,
      fileId: 'fileId' in event ? event.fileId : null,
    });
    for (let attempt = 1; ; attempt++) {
      const started = process.hrtime.bigint();
      try {
        await handler(event, {
          topic,
          partition: message.partition,
          offset: message.offset,
          attempt,
          logger: eventLog,
        });
        this.handled.observe({ topic, outcome: 'ok' }, seconds(started));
        return;
      } catch (error) {
        this.handled.observe({ topic, outcome: 'error' }, seconds(started));
        if (error instanceof ShutdownInProgressError) throw error;
        const decision = decideRetry(error, attempt, this.deps.retry);
        if (!decision.retry) {
          eventLog.error(
            { err: error, attempt, kind: decision.kind },
            'handler failed; dead-lettering the message',
          );
          await this.deadLetter(message, decision.kind, errorMessage(error), attempt, eventLog);
          return;
        }
        eventLog.warn(
          { err: error, attempt, delayMs: decision.delayMs },
          'handler failed; retrying',
        );
        await sleep(decision.delayMs, this.stopping.signal);
      }
    }
  }

  private async decode(message: ReceivedMessage): Promise<AnyEvent> {
    if (!message.value || message.value.length === 0) {
      throw new TerminalError('EVENT_EMPTY', 'message has no value');
    }
    const decoded = await this.deps.codec.decode(message.topic, message.value);
    if (typeof decoded !== 'object' || decoded === null) {
      throw new TerminalError('EVENT_INVALID', 'decoded value is not an object');
    }
    for (const field of ENVELOPE_FIELDS) {
      if (typeof (decoded as Record<string, unknown>)[field] !== 'string') {
        throw new TerminalError('EVENT_INVALID', `envelope field ${field} is missing`);
      }
    }
    return decoded as AnyEvent;
  }

  private async deadLetter(
    message: ReceivedMessage,
    kind: 'poison' | 'terminal' | 'exhausted',
    reason: string,
    attempts: number,
    log: Logger,
  ): Promise<void> {
    const dlq = deadLetterTopicName(message.topic);
    await this.deps.transport.ensureTopics([dlq]);
    await this.deps.transport.send(dlq, [
      {
        key: message.key ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers: {
          ...message.headers,
          [DLQ_HEADER.error]: reason.slice(0, 4000),
          [DLQ_HEADER.errorKind]: kind,
          [DLQ_HEADER.originalTopic]: message.topic,
          [DLQ_HEADER.originalPartition]: String(message.partition),
          [DLQ_HEADER.originalOffset]: message.offset,
          [DLQ_HEADER.attempts]: String(attempts),
          [DLQ_HEADER.failedAt]: new Date().toISOString(),
        },
      },
    ]);
    this.deadLettered.inc({ topic: message.topic, kind });
    log.warn({ dlq, kind, reason }, 'message dead-lettered');
  }
}

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
