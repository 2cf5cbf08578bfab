import {
  DLQ_HEADER,
  deadLetterTopicName,
  topicName,
  TOPIC,
  type AnyEvent,
} from '@tributary/contracts';
import { TerminalError, TransientError, type ReceivedMessage } from '@tributary/ports';
import { realCodec, realTransport, sampleEvent, testNamespace, waitFor } from '@tributary/testkit';
import pino from 'pino';
import { Metrics } from '../metrics/metrics';
import { EventBus } from './event-bus';

describe('EventBus consumer runner against Kafka and the Schema Registry', () => {
  const namespace = testNamespace('bus');
  const transport = realTransport('bus-test');
  const metrics = new Metrics('bus-test');
  const bus = new EventBus({
    transport,
    codec: realCodec(),
    namespace,
    logger: pino({ level: 'silent' }),
    metrics,
    retry: { baseMs: 50, maxMs: 200, maxAttempts: 3 },
  });
  const physical = topicName(TOPIC.fileLanded, namespace);
  const dlq: ReceivedMessage[] = [];

  beforeAll(async () => {
    await bus.prepare([TOPIC.fileLanded]);
    await transport.consume({
      groupId: `${namespace}-dlq-reader`,
      topics: [deadLetterTopicName(physical)],
      start: 'earliest',
      onMessage: async (m) => void dlq.push(m),
    });
  });
  afterAll(async () => {
    await bus.close();
    await transport.close();
  });

  it('dead-letters a poison message with its error and still handles the next one on the partition', async () => {
    const good = sampleEvent(TOPIC.fileLanded, 'poison-src');
    await transport.send(physical, [{ key: 'poison-src', value: Buffer.from('not avro at all') }]);
    await bus.publish(TOPIC.fileLanded, good);

    const handled: AnyEvent[] = [];
    await bus.subscribe({
      groupId: `${namespace}-runner`,
      topics: [TOPIC.fileLanded],
      handler: async (e) => void handled.push(e),
    });

    await waitFor(() => handled.length === 1 && dlq.length === 1, {
      what: 'handled event and DLQ message',
    });
    expect(handled[0]).toEqual(good);
    const dead = dlq[0]!;
    expect(dead.value?.toString()).toBe('not avro at all');
    expect(dead.key).toBe('poison-src');
    expect(dead.headers[DLQ_HEADER.errorKind]).toBe('poison');
    expect(dead.headers[DLQ_HEADER.originalTopic]).toBe(physical);
    expect(dead.headers[DLQ_HEADER.error]).toMatch(/decode|magic|unknown/i);
    expect(
      await metrics.registry.getSingleMetricAsString('tributary_dead_lettered_messages_total'),
    ).toMatch(/kind="poison"[^\n]* 1/);
  });

  it('retries transient failures, dead-letters terminal ones, and keeps going', async () => {
    const flaky = sampleEvent(TOPIC.fileLanded, 'retry-src');
    const bad = sampleEvent(TOPIC.fileLanded, 'retry-src');
    const after = sampleEvent(TOPIC.fileLanded, 'retry-src');
    const attempts = new Map<string, number>();
    const done: string[] = [];
    await bus.subscribe({
      groupId: `${namespace}-retry`,
      topics: [TOPIC.fileLanded],
      handler: async (e, ctx) => {
        attempts.set(e.eventId, ctx.attempt);
        if (e.eventId === flaky.eventId && ctx.attempt < 3)
          throw new TransientError('S3_DOWN', 'try again');
        if (e.eventId === bad.eventId) throw new TerminalError('BAD_DATA', 'cannot ever work');
        done.push(e.eventId);
      },
    });
    for (const e of [flaky, bad, after]) await bus.publish(TOPIC.fileLanded, e);
    await waitFor(() => done.includes(after.eventId), { what: 'event after the terminal failure' });
    expect(attempts.get(flaky.eventId)).toBe(3);
    expect(done).toContain(flaky.eventId);
    expect(attempts.get(bad.eventId)).toBe(1);
    await waitFor(() => dlq.some((m) => m.headers[DLQ_HEADER.errorKind] === 'terminal'), {
      what: 'terminal DLQ message',
    });
    const terminal = dlq.find((m) => m.headers[DLQ_HEADER.errorKind] === 'terminal')!;
    expect(terminal.headers[DLQ_HEADER.error]).toBe('cannot ever work');
  });
});
