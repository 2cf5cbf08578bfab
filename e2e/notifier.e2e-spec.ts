import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type DeliveryRecord,
  type EventOf,
  type SourceRecord,
  TOPIC,
  type TopicBaseName,
} from '@tributary/contracts';
import { MetadataTables, SourceRepository } from '@tributary/metadata';
import { createLogger, EventBus, Metrics } from '@tributary/platform';
import {
  realCodec,
  realKeyValueStore,
  realTransport,
  sampleEvent,
  serviceEnv,
  type ServiceProcess,
  startService,
  testNamespace,
  waitFor,
} from '@tributary/testkit';

const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';
/** What `serviceEnv` gives every service as ADMIN_TOKEN. */
const ADMIN_TOKEN = 'test-admin-token-0123456789';
const ATTEMPT_TIMEOUT_MS = 2500;
const ALERT_TOPICS = [
  TOPIC.driftDetected,
  TOPIC.deadLetter,
  TOPIC.runRejected,
  TOPIC.runFailed,
  TOPIC.promotionBlocked,
] as const;

interface Received {
  readonly at: number;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Receiver {
  readonly port: number;
  readonly url: string;
  readonly requests: Received[];
  /** Requests carrying this event id. */
  of(eventId: string): Received[];
  close(): Promise<void>;
}

type Reply = (request: Received, response: ServerResponse, seen: number) => void;

/** A local HTTP receiver on loopback recording every request; `reply` decides the answer. */
async function startReceiver(
  reply: Reply = (_q, res) => res.writeHead(200).end('ok'),
  host = '127.0.0.1',
): Promise<Receiver> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: Received = {
        at: Date.now(),
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const eventId = received.headers['x-tributary-event-id'];
      reply(
        received,
        res,
        requests.filter((r) => r.headers['x-tributary-event-id'] === eventId).length,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    of: (eventId) => requests.filter((r) => r.headers['x-tributary-event-id'] === eventId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a receiver does with `X-Tributary-Signature: t=<unix>,v1=<hex>`, written independently. */
function signatureVerifies(header: string | string[] | undefined, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header));
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', SIGNING_SECRET).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('notifier as its own process, over Kafka and DynamoDB', () => {
  const namespace = testNamespace('notifier');
  const tables = new MetadataTables(`tributary_${namespace.replace(/-/g, '_')}_`);
  const store = realKeyValueStore();
  const sources = new SourceRepository(store, tables);
  const transport = realTransport('notifier-e2e');
  const bus = new EventBus({
    transport,
    codec: realCodec(),
    namespace,
    logger: createLogger('notifier-e2e', 'silent'),
    metrics: new Metrics('notifier-e2e'),
    retry: { baseMs: 100, maxMs: 1000, maxAttempts: 3 },
  });
  const receivers: Receiver[] = [];
  const processes: ServiceProcess[] = [];
  let notifier: ServiceProcess;

  let main: Receiver;
  let fallback: Receiver;
  let flaky: Receiver;
  let hanging: Receiver;
  let fast: Receiver;
  let redirector: Receiver;
  let canary: Receiver;
  let canary6: Receiver;
  let resume: Receiver;
  let resumeHealthy = false;

  const receiver = async (reply?: Reply, host?: string) => {
    const r = await startReceiver(reply, host);
    receivers.push(r);
    return r;
  };

  const notifierEnv = (extra: Record<string, string> = {}) =>
    serviceEnv(namespace, {
      WEBHOOK_SIGNING_SECRET: SIGNING_SECRET,
      WEBHOOK_ALLOWLIST: [
        ...[main, fallback, flaky, hanging, fast, redirector, resume].map(
          (r) => `127.0.0.1:${r.port}`,
        ),
        // Named hosts whose addresses are loopback, private or link-local: the address check refuses them.
        '169.254.169.254',
        '10.0.0.1',
        '[::1]',
        `localhost:${canary.port}`,
      ].join(','),
      NOTIFIER_DEFAULT_WEBHOOK_URL: `${fallback.url}/default`,
      NOTIFIER_DEFAULT_WEBHOOK_FORMAT: 'slack',
      NOTIFIER_MAX_ATTEMPTS: '3',
      NOTIFIER_RETRY_BASE_MS: '200',
      NOTIFIER_RETRY_MAX_MS: '500',
      NOTIFIER_ATTEMPT_TIMEOUT_MS: String(ATTEMPT_TIMEOUT_MS),
      NOTIFIER_SWEEP_INTERVAL_MS: '1000',
      ...extra,
    });

  const start = async (extra?: Record<string, string>) => {
    const service = await startService('notifier', { env: notifierEnv(extra) });
    processes.push(service);
    return service;
  };

  async function createSource(
    sourceId: string,
    channels: { name: string; url: string; format?: 'json' | 'slack' }[],
  ): Promise<void> {
    const now = new Date().toISOString();
    const record: SourceRecord = {
      sourceId,
      description: 'notifier e2e',
      apiKeyHash: 'sha256$salt$00',
      apiKeyPrefix: `trib_${sourceId}.xxxx`,
      policy: 'evolve',
      hints: {},
      writeMode: 'append',
      primaryKey: [],
      partitionField: null,
      quarantineThreshold: 0.05,
      columnChecks: [],
      scheduleSeconds: null,
      channels: channels.map((c) => ({ kind: 'webhook', format: 'json', ...c })),
      rateLimitPerMinute: 600,
      createdAt: now,
      updatedAt: now,
    };
    await sources.create(record);
  }

  async function publish<T extends TopicBaseName>(topic: T, event: EventOf<T>): Promise<void> {
    await bus.publish(topic, event);
  }

  async function admin<T>(path: string, token: string | null = ADMIN_TOKEN) {
    const response = await fetch(`${notifier.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: (await response.json()) as T,
    };
  }

  const delivery = (channel: string, eventId: string) =>
    admin<DeliveryRecord & { body: unknown }>(`/v1/admin/alerts/${channel}/${eventId}`);

  async function deliveryWhen(
    channel: string,
    eventId: string,
    done: (d: DeliveryRecord) => boolean,
    timeoutMs = 60_000,
  ): Promise<DeliveryRecord & { body: unknown }> {
    return waitFor(
      async () => {
        const found = await delivery(channel, eventId);
        return found.status === 200 && done(found.body) ? found.body : undefined;
      },
      { timeoutMs, what: `delivery ${channel}/${eventId}` },
    );
  }

  beforeAll(async () => {
    main = await receiver();
    fallback = await receiver();
    flaky = await receiver((_q, res, seen) =>
      res.writeHead(seen <= 2 ? 500 : 200).end(seen <= 2 ? 'boom' : 'ok'),
    );
    hanging = await receiver(() => undefined);
    fast = await receiver();
    canary = await receiver();
    canary6 = await receiver(undefined, '::1');
    redirector = await receiver((q, res) => {
      const location =
        q.url === '/to-canary'
          ? `http://127.0.0.1:${canary.port}/stolen`
          : `http://localhost:${canary.port}/stolen`;
      res.writeHead(q.url === '/to-canary' ? 307 : 302, { location }).end();
    });
    resume = await receiver((_q, res) => res.writeHead(resumeHealthy ? 200 : 503).end());
    notifier = await start();
    await bus.prepare([...ALERT_TOPICS]);
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await bus.close();
    await transport.close();
    await Promise.all(receivers.map((r) => r.close()));
    store.close();
  });

  it('delivers a BREAKING drift alert once, signed, with the diff, the file and what is blocked', async () => {
    await createSource('drift-src', [{ name: 'ops', url: `${main.url}/hooks/ops` }]);
    const event = sampleEvent(TOPIC.driftDetected, 'drift-src');
    await publish(TOPIC.driftDetected, event);

    await waitFor(
      () => main.of(event.eventId).length === 1 && fallback.of(event.eventId).length === 1,
      {
        timeoutMs: 60_000,
        what: 'drift alert at the channel and the default channel',
      },
    );
    const request = main.of(event.eventId)[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hooks/ops');
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(request.headers['x-tributary-event-id']).toBe(event.eventId);
    expect(request.headers['x-tributary-event-type']).toBe('drift-detected');
    expect(signatureVerifies(request.headers['x-tributary-signature'], request.body)).toBe(true);
    expect(signatureVerifies(request.headers['x-tributary-signature'], `${request.body} `)).toBe(
      false,
    );

    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      kind: 'drift-detected',
      eventId: event.eventId,
      sourceId: 'drift-src',
      severity: 'critical',
      details: {
        fileId: event.fileId,
        fileName: 'orders.csv',
        status: 'BREAKING',
        newVersion: 2,
        blocked: 'promotion of source drift-src',
        diff: {
          added: [{ name: 'coupon', type: 'string' }],
          removed: [{ name: 'amount', type: 'double' }],
          typeChanged: [{ name: 'qty', from: 'integer', to: 'string', widening: false }],
          renameCandidates: [
            { from: 'amount', to: 'total', type: 'double', score: 0.9, evidence: 'same values' },
          ],
        },
      },
    });
    expect(body.summary).toMatch(
      /drift-src.*orders\.csv.*BREAKING.*Blocked: promotion of source drift-src/,
    );

    const logged = await deliveryWhen(
      'drift-src.ops',
      event.eventId,
      (d) => d.status === 'DELIVERED',
    );
    expect(logged).toMatchObject({
      channel: 'drift-src.ops',
      deliveryKey: event.eventId,
      eventType: 'drift-detected',
      sourceId: 'drift-src',
      target: `127.0.0.1:${main.port}`,
      status: 'DELIVERED',
      attempts: [{ attempt: 1, httpStatus: 200, error: null }],
    });
    expect(logged.body).toEqual(body);
    expect(JSON.stringify(logged)).not.toContain('/hooks/ops');

    // The default channel is configured as Slack: text plus blocks, signed the same way.
    const slackRequest = fallback.of(event.eventId)[0]!;
    expect(
      signatureVerifies(slackRequest.headers['x-tributary-signature'], slackRequest.body),
    ).toBe(true);
    const slack = JSON.parse(slackRequest.body) as {
      text: string;
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(slack.text).toMatch(/drift-src/);
    expect(slack.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'Schema drift on drift-src: version 2 is BREAKING' },
    });
    const sections = slack.blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(sections).toContain('*Added fields*\n• coupon (string)');
    expect(sections).toContain('*Removed fields*\n• amount (double)');
    expect(sections).toContain('• qty: integer → string');
    expect(sections).toContain('• amount → total (double, score 0.90): same values');

    const listed = await admin<{ items: DeliveryRecord[] }>('/v1/admin/alerts?sourceId=drift-src');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((d) => d.channel).sort()).toEqual(['_default', 'drift-src.ops']);
  });

  it('guards the delivery log with the admin token and answers RFC 9457 problems', async () => {
    const anonymous = await admin<{ status: number; title: string }>('/v1/admin/alerts', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.type).toMatch(/application\/problem\+json/);
    expect(anonymous.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    const wrong = await admin('/v1/admin/alerts', 'not-the-admin-token-xxxxxxxx');
    expect(wrong.status).toBe(401);
    const bad = await admin<{ detail: string }>('/v1/admin/alerts?status=LOST&limit=9999');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/status: .*; limit: /);
    const missing = await admin('/v1/admin/alerts/drift-src.ops/01KFG0000000000000000000AA');
    expect(missing.status).toBe(404);
  });

  it('does not deliver the same event (same event id) a second time', async () => {
    const event = sampleEvent(TOPIC.driftDetected, 'drift-src');
    await publish(TOPIC.driftDetected, event);
    await waitFor(() => main.of(event.eventId).length === 1, {
      timeoutMs: 30_000,
      what: 'first delivery',
    });

    await publish(TOPIC.driftDetected, event);
    // A later event on the same partition: once it arrives, the replay has been handled too.
    const marker = sampleEvent(TOPIC.driftDetected, 'drift-src');
    await publish(TOPIC.driftDetected, marker);
    await waitFor(
      () => main.of(marker.eventId).length === 1 && fallback.of(marker.eventId).length === 1,
      {
        timeoutMs: 30_000,
        what: 'marker delivery',
      },
    );
    await sleep(1500);
    expect(main.of(event.eventId)).toHaveLength(1);
    expect(fallback.of(event.eventId)).toHaveLength(1);
    const logged = await deliveryWhen(
      'drift-src.ops',
      event.eventId,
      (d) => d.status === 'DELIVERED',
    );
    expect(logged.attempts).toHaveLength(1);
  });

  it('retries a receiver answering 500 twice, then records one DELIVERED entry with the three attempts', async () => {
    await createSource('flaky-src', [{ name: 'hook', url: `${flaky.url}/flaky` }]);
    const event = sampleEvent(TOPIC.runFailed, 'flaky-src');
    await publish(TOPIC.runFailed, event);

    const logged = await deliveryWhen(
      'flaky-src.hook',
      event.eventId,
      (d) => d.status === 'DELIVERED',
    );
    expect(logged.attempts.map((a) => [a.attempt, a.httpStatus, a.error])).toEqual([
      [1, 500, 'HTTP 500: boom'],
      [2, 500, 'HTTP 500: boom'],
      [3, 200, null],
    ]);
    const requests = flaky.of(event.eventId);
    expect(requests.map((r) => r.headers['x-tributary-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(
      requests.every((r) => signatureVerifies(r.headers['x-tributary-signature'], r.body)),
    ).toBe(true);
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    // Backoff: the retries are spaced, not immediate.
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(90);

    const entries = await admin<{ items: DeliveryRecord[] }>(
      '/v1/admin/alerts?sourceId=flaky-src&status=DELIVERED',
    );
    expect(entries.body.items.filter((d) => d.channel === 'flaky-src.hook')).toHaveLength(1);
  });

  it('times out a hanging receiver while a later alert to another channel still arrives promptly', async () => {
    await createSource('slow-src', [{ name: 'hang', url: `${hanging.url}/hang` }]);
    await createSource('quick-src', [{ name: 'fast', url: `${fast.url}/fast` }]);
    const slow = sampleEvent(TOPIC.deadLetter, 'slow-src');
    await publish(TOPIC.deadLetter, slow);
    await waitFor(() => hanging.of(slow.eventId).length === 1, {
      timeoutMs: 30_000,
      what: 'hanging request',
    });
    const hangStarted = hanging.of(slow.eventId)[0]!.at;

    const quick = sampleEvent(TOPIC.runRejected, 'quick-src');
    const published = Date.now();
    await publish(TOPIC.runRejected, quick);
    await waitFor(() => fast.of(quick.eventId).length === 1, {
      timeoutMs: 10_000,
      what: 'fast delivery',
    });
    const arrived = fast.of(quick.eventId)[0]!.at;
    expect(arrived - published).toBeLessThan(2000);
    // The hanging attempt had not even timed out yet.
    expect(arrived).toBeLessThan(hangStarted + ATTEMPT_TIMEOUT_MS);

    const dead = await deliveryWhen(
      'slow-src.hang',
      slow.eventId,
      (d) => d.status === 'DEAD_LETTERED',
    );
    expect(dead.lastError).toBe(
      `gave up after 3 attempts: timed out after ${ATTEMPT_TIMEOUT_MS} ms`,
    );
    expect(dead.attempts).toHaveLength(3);
    for (const attempt of dead.attempts) {
      expect(attempt).toMatchObject({
        httpStatus: null,
        error: `timed out after ${ATTEMPT_TIMEOUT_MS} ms`,
      });
      expect(attempt.durationMs).toBeGreaterThanOrEqual(ATTEMPT_TIMEOUT_MS - 50);
      expect(attempt.durationMs).toBeLessThan(ATTEMPT_TIMEOUT_MS + 1000);
    }
  });

  it('refuses loopback, link-local, private and rebinding targets and redirects to them; the canaries hear nothing', async () => {
    const channels = {
      'loop-ip': `http://127.0.0.1:${canary.port}/hook`,
      metadata: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      private: 'http://10.0.0.1/hook',
      'v6-loop': `http://[::1]:${canary6.port}/hook`,
      'name-loop': `http://localhost:${canary.port}/hook`,
      'redirect-ip': `${redirector.url}/to-canary`,
      'redirect-name': `${redirector.url}/to-localhost`,
    };
    await createSource(
      'ssrf-src',
      Object.entries(channels).map(([name, url]) => ({ name, url })),
    );
    const event = sampleEvent(TOPIC.promotionBlocked, 'ssrf-src');
    await publish(TOPIC.promotionBlocked, event);

    const refused: Record<string, DeliveryRecord> = {};
    for (const name of Object.keys(channels)) {
      refused[name] = await deliveryWhen(
        `ssrf-src.${name}`,
        event.eventId,
        (d) => d.status !== 'PENDING',
      );
    }
    expect(Object.values(refused).map((d) => d.status)).toEqual(
      Object.keys(channels).map(() => 'REFUSED'),
    );
    expect(refused['loop-ip']!.lastError).toBe(
      `127.0.0.1:${canary.port} is not in WEBHOOK_ALLOWLIST`,
    );
    expect(refused.metadata!.lastError).toMatch(
      /^169\.254\.169\.254 \(link-local address\) is refused/,
    );
    expect(refused.metadata!.target).toBe('169.254.169.254:80');
    expect(refused.private!.lastError).toMatch(/^10\.0\.0\.1 \(private address\) is refused/);
    expect(refused['v6-loop']!.lastError).toMatch(/^::1 \(loopback address\) is refused/);
    expect(refused['name-loop']!.lastError).toMatch(
      /^localhost resolves to (127\.0\.0\.1|::1) \(loopback address\) is refused/,
    );
    expect(refused['redirect-ip']!.lastError).toBe(
      `redirect 1 to 127.0.0.1:${canary.port}: 127.0.0.1:${canary.port} is not in WEBHOOK_ALLOWLIST`,
    );
    expect(refused['redirect-name']!.lastError).toMatch(
      new RegExp(
        `^redirect 1 to localhost:${canary.port}: localhost resolves to (127\\.0\\.0\\.1|::1) `,
      ),
    );
    for (const name of ['loop-ip', 'metadata', 'private', 'v6-loop', 'name-loop']) {
      expect(refused[name]!.attempts).toEqual([]);
    }
    expect(refused['redirect-ip']!.attempts).toMatchObject([{ httpStatus: 307 }]);
    expect(refused['redirect-name']!.attempts).toMatchObject([{ httpStatus: 302 }]);

    await sleep(1000);
    expect(canary.requests).toHaveLength(0);
    expect(canary6.requests).toHaveLength(0);
    expect(redirector.of(event.eventId)).toHaveLength(2);

    const metrics = await (await fetch(`${notifier.url}/metrics`)).text();
    expect(metrics).toMatch(
      /notifier_deliveries_total\{[^}]*channel="ssrf-src\.metadata"[^}]*outcome="refused"[^}]*\} 1/,
    );
    expect(metrics).toMatch(
      /notifier_deliveries_total\{[^}]*channel="flaky-src\.hook"[^}]*outcome="retrying"[^}]*\} 2/,
    );
    expect(metrics).toMatch(/notifier_delivery_duration_seconds_count\{[^}]*outcome="delivered"/);
    expect(metrics).toMatch(/notifier_pending_deliveries\{[^}]*\} \d+/);
  });

  it('resumes a pending delivery after a restart', async () => {
    await notifier.stop();
    // A slow retry, so the delivery is still waiting when this process stops.
    notifier = await start({ NOTIFIER_RETRY_BASE_MS: '6000', NOTIFIER_RETRY_MAX_MS: '6000' });
    await createSource('resume-src', [{ name: 'hook', url: `${resume.url}/resume` }]);
    const event = sampleEvent(TOPIC.runRejected, 'resume-src');
    await publish(TOPIC.runRejected, event);
    const retrying = await deliveryWhen(
      'resume-src.hook',
      event.eventId,
      (d) => d.status === 'RETRYING',
    );
    expect(retrying.attempts).toMatchObject([{ httpStatus: 503 }]);

    await notifier.stop();
    resumeHealthy = true;
    notifier = await start();
    const delivered = await deliveryWhen(
      'resume-src.hook',
      event.eventId,
      (d) => d.status === 'DELIVERED',
    );
    expect(delivered.attempts.map((a) => a.httpStatus)).toEqual([503, 200]);
    expect(resume.of(event.eventId)).toHaveLength(2);
    // It waited for its scheduled retry time rather than firing at boot.
    expect(Date.parse(delivered.attempts[1]!.startedAt)).toBeGreaterThanOrEqual(
      Date.parse(retrying.nextAttemptAt!) - 50,
    );
  });
});
