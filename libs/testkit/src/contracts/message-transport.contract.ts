import { randomBytes } from 'node:crypto';
import type { MessageTransport, ReceivedMessage, Subscription } from '@tributary/ports';
import { waitFor } from '../infra/wait-for';

export interface MessageTransportFixture {
  readonly transport: MessageTransport;
  cleanup(): Promise<void>;
}

/** Every MessageTransport adapter (Kafka, embedded event log) must pass this same suite. */
export function messageTransportContract(
  name: string,
  setup: () => Promise<MessageTransportFixture>,
): void {
  describe(`MessageTransport contract: ${name}`, () => {
    let fixture: MessageTransportFixture;
    let transport: MessageTransport;
    const subscriptions: Subscription[] = [];
    const run = randomBytes(3).toString('hex');
    const topic = (label: string) => `contract-${run}-${label}`;
    const message = (key: string, text: string) => ({
      key,
      value: Buffer.from(text),
      headers: { h: text },
    });

    beforeAll(async () => {
      fixture = await setup();
      transport = fixture.transport;
    });
    afterAll(async () => {
      await Promise.all(subscriptions.map((s) => s.stop()));
      await fixture.cleanup();
    });

    async function collect(
      groupId: string,
      topics: string[],
      start: 'earliest' | { timestamp: number } = 'earliest',
    ) {
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
    }

    it('delivers messages of one key in order, with key and headers', async () => {
      const t = topic('order');
      await transport.ensureTopics([t]);
      for (let i = 0; i < 5; i++) await transport.send(t, [message('source-a', `m${i}`)]);
      const received = await collect(`g-order-${run}`, [t]);
      await waitFor(() => received.length >= 5, { what: '5 messages' });
      expect(received.map((m) => m.value?.toString())).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
      expect(new Set(received.map((m) => m.partition)).size).toBe(1);
      expect(received[0]).toMatchObject({ key: 'source-a', topic: t, headers: { h: 'm0' } });
    });

    it('gives every consumer group its own copy', async () => {
      const t = topic('groups');
      await transport.ensureTopics([t]);
      await transport.send(t, [message('k', 'one'), message('k', 'two')]);
      const a = await collect(`g-a-${run}`, [t]);
      const b = await collect(`g-b-${run}`, [t]);
      await waitFor(() => a.length >= 2 && b.length >= 2, { what: 'both groups' });
      expect(a.map((m) => m.value?.toString())).toEqual(['one', 'two']);
      expect(b.map((m) => m.value?.toString())).toEqual(['one', 'two']);
    });

    it('commits only after the handler succeeded: a failed message comes again, before the next', async () => {
      const t = topic('commit');
      await transport.ensureTopics([t]);
      await transport.send(t, [message('k', 'first'), message('k', 'second')]);
      const seen: string[] = [];
      let failures = 0;
      subscriptions.push(
        await transport.consume({
          groupId: `g-commit-${run}`,
          topics: [t],
          start: 'earliest',
          onMessage: async (m) => {
            const text = m.value?.toString() ?? '';
            seen.push(text);
            if (text === 'first' && failures === 0) {
              failures++;
              throw new Error('transient');
            }
          },
        }),
      );
      await waitFor(() => seen.includes('second'), { what: 'second message', timeoutMs: 60_000 });
      expect(seen.slice(0, 3)).toEqual(['first', 'first', 'second']);
    });

    it('replays from a timestamp for a fresh group', async () => {
      const t = topic('replay');
      await transport.ensureTopics([t]);
      await transport.send(t, [message('k', 'before')]);
      await new Promise((r) => setTimeout(r, 50));
      const from = Date.now();
      await new Promise((r) => setTimeout(r, 50));
      await transport.send(t, [message('k', 'after-1'), message('k', 'after-2')]);
      const received = await collect(`g-replay-${run}`, [t], { timestamp: from });
      await waitFor(() => received.length >= 2, { what: 'replayed messages' });
      await new Promise((r) => setTimeout(r, 500));
      expect(received.map((m) => m.value?.toString())).toEqual(['after-1', 'after-2']);
    });

    it('reports no lag once a group has handled everything', async () => {
      const t = topic('lag');
      await transport.ensureTopics([t]);
      await transport.send(t, [message('a', '1'), message('b', '2'), message('c', '3')]);
      const received = await collect(`g-lag-${run}`, [t]);
      await waitFor(() => received.length >= 3, { what: '3 messages' });
      const lag = await waitFor(
        async () => {
          const l = await transport.groupLag(`g-lag-${run}`, [t]);
          return l.length > 0 && l.every((p) => p.lag === 0) ? l : undefined;
        },
        { what: 'zero lag' },
      );
      expect(lag.reduce((sum, p) => sum + p.lag, 0)).toBe(0);
    });
  });
}
