import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ALL_TOPICS, topicName, TOPIC } from '@tributary/contracts';
import { EventBus, Metrics } from '@tributary/platform';
import {
  realCodec,
  realTransport,
  repoRoot,
  sampleEvent,
  stackEndpoints,
  testNamespace,
  waitFor,
} from '@tributary/testkit';
import type { AnyEvent } from '@tributary/contracts';
import pino from 'pino';

describe('Confluent wire format through the Schema Registry', () => {
  const namespace = testNamespace('codec');
  const transport = realTransport('codec-test');
  const codec = realCodec();
  const bus = new EventBus({
    transport,
    codec,
    namespace,
    logger: pino({ level: 'silent' }),
    metrics: new Metrics('codec-test'),
    retry: { baseMs: 50, maxMs: 200, maxAttempts: 3 },
  });

  afterAll(async () => {
    await bus.close();
    await transport.close();
  });

  it('registers every event schema idempotently and round-trips every event type', async () => {
    await bus.prepare(ALL_TOPICS);
    await bus.prepare(ALL_TOPICS);
    for (const topic of ALL_TOPICS) {
      const event = sampleEvent(topic);
      const physical = topicName(topic, namespace);
      const decoded = await codec.decode(physical, await codec.encode(physical, event));
      expect(decoded).toEqual(event);
    }
  });

  it('lets a process outside Tributary, in its own consumer group, decode what we publish', async () => {
    await bus.prepare([TOPIC.driftDetected]);
    const event = sampleEvent(TOPIC.driftDetected);
    await bus.publish(TOPIC.driftDetected, event);

    const inProcess: AnyEvent[] = [];
    await bus.subscribe({
      groupId: `${namespace}-inside`,
      topics: [TOPIC.driftDetected],
      handler: async (e) => void inProcess.push(e),
    });
    const env = stackEndpoints();
    const outside = spawnSync(
      process.execPath,
      [
        join(repoRoot(), 'libs/testkit/fixtures/outside-consumer.cjs'),
        env.KAFKA_BROKERS!,
        env.SCHEMA_REGISTRY_URL!,
        topicName(TOPIC.driftDetected, namespace),
        `${namespace}-outside`,
        '1',
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect({ status: outside.status, stderr: outside.stderr }).toMatchObject({ status: 0 });
    expect(JSON.parse(outside.stdout.trim())).toEqual(event);
    await waitFor(() => inProcess.length === 1, { what: 'in-process consumer' });
    expect(inProcess[0]).toEqual(event);
  });
});
