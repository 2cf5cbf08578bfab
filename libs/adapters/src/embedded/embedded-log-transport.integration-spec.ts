import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnyEvent, TOPIC } from '@tributary/contracts';
import { EventBus, Metrics } from '@tributary/platform';
import type { ReceivedMessage, Subscription } from '@tributary/ports';
import { messageTransportContract, sampleEvent, waitFor } from '@tributary/testkit';
import pino from 'pino';
import { EmbeddedEventCodec } from './codec/embedded-event-codec';
import {
  EmbeddedLogTransport,
  type EmbeddedLogTransportConfig,
} from './log/embedded-log-transport';
import { encodeRecord } from './log/record-format';

const WORKER = join(__dirname, 'testing', 'cross-process-worker.cjs');

function tempRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tributary-log-'));
}

messageTransportContract('embedded (segment files and SQLite)', async () => {
  const root = await tempRoot();
  const transport = new EmbeddedLogTransport({ root });
  return {
    transport,
    cleanup: async () => {
      await transport.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});

describe('EmbeddedLogTransport on disk', () => {
  let root: string;
  const transports: EmbeddedLogTransport[] = [];
  const subscriptions: Subscription[] = [];
  const open = (config: Partial<EmbeddedLogTransportConfig> = {}): EmbeddedLogTransport => {
    const transport = new EmbeddedLogTransport({ root, heartbeatMs: 100, ...config });
    transports.push(transport);
    return transport;
  };
  const collect = async (
    transport: EmbeddedLogTransport,
    groupId: string,
    topics: string[],
    start: 'earliest' | 'latest' | { timestamp: number } = 'earliest',
  ): Promise<ReceivedMessage[]> => {
    const received: ReceivedMessage[] = [];
    subscriptions.push(
      await transport.consume({
        groupId,
        topics,
        start,
        onMessage: async (m) => void received.push(m),
      }),
    );
    return received;
  };
  const text = (messages: ReceivedMessage[]) => messages.map((m) => m.value?.toString());
  const send = (transport: EmbeddedLogTransport, topic: string, key: string, values: string[]) =>
    transport.send(
      topic,
      values.map((v) => ({ key, value: Buffer.from(v) })),
    );

  beforeEach(async () => {
    root = await tempRoot();
  });
  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    await Promise.all(transports.splice(0).map((t) => t.close()));
    await rm(root, { recursive: true, force: true });
  });

  it('keeps messages and committed offsets when the folder is opened again', async () => {
    const first = open();
    await send(first, 't', 'k', ['a', 'b', 'c']);
    const handled: string[] = [];
    const sub = await first.consume({
      groupId: 'g',
      topics: ['t'],
      onMessage: async (m) => {
        handled.push(m.value!.toString());
        // The third fails until the consumer stops: it stays uncommitted.
        if (m.value!.toString() === 'c') throw new Error('not now');
      },
    });
    await waitFor(() => handled.includes('c'), { what: 'the third message' });
    await sub.stop();
    await first.close();

    const second = open();
    expect((await second.groupLag('g', ['t'])).reduce((s, p) => s + p.lag, 0)).toBe(1);
    const rest = await collect(second, 'g', ['t']);
    const again = await collect(second, 'other', ['t']);
    await waitFor(() => rest.length >= 1 && again.length >= 3, { what: 'after re-open' });
    expect(text(rest)).toEqual(['c']);
    expect(text(again)).toEqual(['a', 'b', 'c']);
  });

  it('cuts a torn tail off a segment when opened, and keeps appending after it', async () => {
    const first = open();
    await send(first, 't', 'k', ['one', 'two']);
    await first.close();
    const segments = await Promise.all(
      ['0', '1', '2'].map(async (p) => {
        const path = join(root, 'log', 'topics', 't', p, '00000000000000000000.log');
        return {
          path,
          size: await stat(path).then(
            (s) => s.size,
            () => -1,
          ),
        };
      }),
    );
    const written = segments.find((s) => s.size > 0)!;
    // A crash in the middle of a write: half of the next record made it to disk.
    const torn = encodeRecord({
      offset: 2,
      timestamp: Date.now(),
      key: 'k',
      value: Buffer.from('lost'),
      headers: {},
    });
    await appendFile(written.path, torn.subarray(0, torn.length - 3));

    const second = open();
    await second.ping();
    expect((await stat(written.path)).size).toBe(written.size);
    await send(second, 't', 'k', ['three']);
    const received = await collect(second, 'g', ['t']);
    await waitFor(() => received.length >= 3, { what: 'three messages' });
    expect(text(received)).toEqual(['one', 'two', 'three']);
    expect(received.map((m) => m.offset)).toEqual(['0', '1', '2']);
  });

  it('rolls segments and reads across them, from any offset or timestamp', async () => {
    const transport = open({ segmentBytes: 300, partitions: 1 });
    const values = Array.from({ length: 40 }, (_, i) => `value-${String(i).padStart(2, '0')}`);
    for (const v of values.slice(0, 20)) await send(transport, 't', 'k', [v]);
    await new Promise((r) => setTimeout(r, 20));
    const middle = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    for (const v of values.slice(20)) await send(transport, 't', 'k', [v]);
    expect((await readdir(join(root, 'log', 'topics', 't', '0'))).length).toBeGreaterThan(5);

    const all = await collect(transport, 'all', ['t']);
    const replay = await collect(transport, 'replay', ['t'], { timestamp: middle });
    await waitFor(() => all.length >= 40 && replay.length >= 20, { what: 'both groups' });
    expect(text(all)).toEqual(values);
    expect(text(replay)).toEqual(values.slice(20));
  });

  it('starts a new group at the end with start: latest', async () => {
    const transport = open();
    await send(transport, 't', 'k', ['old']);
    const received = await collect(transport, 'g', ['t'], 'latest');
    await send(transport, 't', 'k', ['new']);
    await waitFor(() => received.length >= 1, { what: 'the new message' });
    await new Promise((r) => setTimeout(r, 200));
    expect(text(received)).toEqual(['new']);
  });

  it('shares the partitions of a group between its members, each message once', async () => {
    const transport = open({ partitions: 4 });
    const a = await collect(transport, 'shared', ['t']);
    const b = await collect(transport, 'shared', ['t']);
    await new Promise((r) => setTimeout(r, 500));
    const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
    for (const key of keys) await send(transport, 't', key, [key]);
    await waitFor(() => a.length + b.length >= 40, { what: 'all messages' });
    await new Promise((r) => setTimeout(r, 300));
    expect([...text(a), ...text(b)].sort()).toEqual([...keys].sort());
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    const partitionsOf = (ms: ReceivedMessage[]) => new Set(ms.map((m) => m.partition));
    for (const p of partitionsOf(a)) expect(partitionsOf(b).has(p)).toBe(false);
  });

  it('delivers what a producer in another process sends, in order per key', async () => {
    const transport = open();
    await transport.ensureTopics(['t']);
    const received = await collect(transport, 'g', ['t']);
    const child = spawn(process.execPath, [
      WORKER,
      'send',
      JSON.stringify({ root, topic: 't', keys: ['x', 'y'], count: 10 }),
    ]);
    await new Promise((resolve) => child.on('close', resolve));
    await waitFor(() => received.length >= 20, { what: '20 messages from the other process' });
    for (const key of ['x', 'y']) {
      expect(text(received.filter((m) => m.key === key))).toEqual(
        Array.from({ length: 10 }, (_, i) => `${key}-${i}`),
      );
    }
  });

  it('shares a group with a member in another process, each message once', async () => {
    const transport = open({ partitions: 4 });
    await transport.ensureTopics(['t']);
    const child = spawn(process.execPath, [
      WORKER,
      'consume',
      JSON.stringify({ root, groupId: 'shared', topic: 't', durationMs: 4_000 }),
    ]);
    let out = '';
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready')) resolve();
      }),
    );
    const exited = new Promise((resolve) => child.on('close', resolve));
    await ready;
    const here = await collect(transport, 'shared', ['t']);
    await new Promise((r) => setTimeout(r, 500));
    const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
    for (const key of keys) await send(transport, 't', key, [key]);
    await exited;
    const there = (JSON.parse(out.trim().split('\n').pop()!) as { values: string[] }).values;
    // Whatever the other member had not finished when it left is handed over here.
    await waitFor(() => here.length + there.length >= 40, { what: 'all messages' });
    expect(there.length).toBeGreaterThan(0);
    expect(here.length).toBeGreaterThan(0);
    expect([...text(here), ...there].sort()).toEqual([...keys].sort());
  });

  it('carries events end to end through the EventBus with the embedded codec', async () => {
    const transport = open();
    const bus = new EventBus({
      transport,
      codec: new EmbeddedEventCodec({ root }),
      namespace: 'embedded',
      logger: pino({ level: 'silent' }),
      metrics: new Metrics('embedded-test'),
      retry: { baseMs: 20, maxMs: 50, maxAttempts: 2 },
    });
    const seen: AnyEvent[] = [];
    await bus.subscribe({
      groupId: 'bus',
      topics: [TOPIC.driftDetected],
      handler: async (e) => void seen.push(e),
    });
    const event = sampleEvent(TOPIC.driftDetected);
    await bus.publish(TOPIC.driftDetected, event);
    await waitFor(() => seen.length === 1, { what: 'the event' });
    expect(seen[0]).toEqual(event);
    await bus.close();
  });
});
