import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Allowlist } from './allowlist';
import { type ResolvedAddress, TargetPolicy } from './target-policy';
import { type Resolver, WebhookClient } from './webhook-client';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

interface Receiver {
  readonly port: number;
  readonly requests: Received[];
  close(): Promise<void>;
}

type Reply = (req: Received, res: ServerResponse) => void;

async function receiver(
  reply: Reply = (_r, res) => res.writeHead(200).end('ok'),
  host = '127.0.0.1',
): Promise<Receiver> {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      reply(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function fixedResolver(
  map: Record<string, readonly ResolvedAddress[]>,
): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const found = map[hostname];
    if (!found)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found;
  };
  return Object.assign(resolve, { calls });
}

const loopback = [{ address: '127.0.0.1', family: 4 as const }];

describe('WebhookClient against loopback servers', () => {
  const open: Receiver[] = [];
  const start = async (reply?: Reply, host?: string) => {
    const r = await receiver(reply, host);
    open.push(r);
    return r;
  };
  afterAll(async () => {
    await Promise.all(open.map((r) => r.close()));
  });

  const clientFor = (allow: string[], resolver: Resolver = fixedResolver({})) =>
    new WebhookClient(new TargetPolicy(Allowlist.parse(allow)), resolver);
  const post = (client: WebhookClient, url: string, timeoutMs = 2000) =>
    client.send({
      url,
      body: '{"a":1}',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      timeoutMs,
    });

  it('POSTs the exact body and headers to an allowlisted IP:port', async () => {
    const target = await start((_r, res) => res.writeHead(204).end());
    const result = await post(
      clientFor([`127.0.0.1:${target.port}`]),
      `http://127.0.0.1:${target.port}/hook?x=1`,
    );
    expect(result).toMatchObject({ kind: 'response', status: 204 });
    expect(target.requests).toHaveLength(1);
    expect(target.requests[0]).toMatchObject({ method: 'POST', url: '/hook?x=1', body: '{"a":1}' });
    expect(target.requests[0]!.headers['x-test']).toBe('yes');
    expect(target.requests[0]!.headers['content-length']).toBe('7');
  });

  it('connects a name to the address it was checked at, with the name as Host', async () => {
    const target = await start();
    const resolver = fixedResolver({ 'hooks.test': loopback });
    const client = clientFor([`hooks.test:${target.port}`, `127.0.0.1:${target.port}`], resolver);
    const result = await post(client, `http://hooks.test:${target.port}/in`);
    expect(result).toMatchObject({ kind: 'response', status: 200 });
    expect(target.requests[0]!.headers.host).toBe(`hooks.test:${target.port}`);
    expect(resolver.calls).toEqual(['hooks.test']);
  });

  it('refuses a name resolving to loopback (localhost or a mapped name) and never contacts it', async () => {
    const canary = await start();
    const resolver = fixedResolver({ 'evil.test': loopback, localhost: loopback });
    const client = clientFor([`evil.test:${canary.port}`, `localhost:${canary.port}`], resolver);
    for (const host of ['evil.test', 'localhost']) {
      const result = await post(client, `http://${host}:${canary.port}/`);
      expect(result).toMatchObject({ kind: 'refused', contacted: false });
      expect((result as { reason: string }).reason).toMatch(
        /resolves to 127\.0\.0\.1 \(loopback address\)/,
      );
    }
    expect(canary.requests).toHaveLength(0);
  });

  it('resolves once per hop: a rebinding resolver cannot swap in loopback after the check', async () => {
    const canary = await start();
    let calls = 0;
    const rebinding: Resolver = async () =>
      calls++ === 0 ? [{ address: '192.0.2.1', family: 4 }] : loopback;
    // 192.0.2.1 is reserved, so allow a public-looking test address through an exact entry instead.
    const client = new WebhookClient(
      new TargetPolicy(Allowlist.parse([`rebind.test:${canary.port}`, `192.0.2.1:${canary.port}`])),
      rebinding,
    );
    const result = await post(client, `http://rebind.test:${canary.port}/`, 500);
    expect(result.kind).toBe('failed');
    expect(calls).toBe(1);
    expect(canary.requests).toHaveLength(0);
  });

  it('abandons a hanging endpoint after the timeout', async () => {
    const hanging = await start(() => undefined);
    const started = Date.now();
    const result = await post(
      clientFor([`127.0.0.1:${hanging.port}`]),
      `http://127.0.0.1:${hanging.port}/`,
      300,
    );
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({
      kind: 'failed',
      error: 'timed out after 300 ms',
      retriable: true,
    });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('follows a redirect to an allowed target with the same POST, and refuses one to a canary', async () => {
    const final = await start();
    const canary = await start();
    const redirector = await start((req, res) => {
      const to =
        req.url === '/to-final'
          ? `http://127.0.0.1:${final.port}/landed`
          : `http://127.0.0.1:${canary.port}/x`;
      res.writeHead(req.url === '/to-final' ? 307 : 302, { location: to }).end();
    });
    const client = clientFor([`127.0.0.1:${redirector.port}`, `127.0.0.1:${final.port}`]);
    const followed = await post(client, `http://127.0.0.1:${redirector.port}/to-final`);
    expect(followed).toMatchObject({ kind: 'response', status: 200 });
    expect(final.requests[0]).toMatchObject({ method: 'POST', url: '/landed', body: '{"a":1}' });

    const refused = await post(client, `http://127.0.0.1:${redirector.port}/to-canary`);
    expect(refused).toMatchObject({ kind: 'refused', contacted: true, lastStatus: 302 });
    expect((refused as { reason: string }).reason).toBe(
      `redirect 1 to 127.0.0.1:${canary.port}: 127.0.0.1:${canary.port} is not in WEBHOOK_ALLOWLIST`,
    );
    expect(canary.requests).toHaveLength(0);
  });

  it('gives up on a redirect loop after 3 hops', async () => {
    const loop = await start((_r, res) => res.writeHead(308, { location: '/again' }).end());
    const result = await post(
      clientFor([`127.0.0.1:${loop.port}`]),
      `http://127.0.0.1:${loop.port}/`,
    );
    expect(result).toMatchObject({
      kind: 'failed',
      retriable: false,
      error: 'more than 3 redirects',
    });
    expect(loop.requests).toHaveLength(4);
  });

  it('reports an error status with Retry-After and the start of the body', async () => {
    const busy = await start((_r, res) =>
      res.writeHead(503, { 'retry-after': '3' }).end('x'.repeat(10_000)),
    );
    const result = await post(
      clientFor([`127.0.0.1:${busy.port}`]),
      `http://127.0.0.1:${busy.port}/`,
    );
    expect(result).toMatchObject({ kind: 'response', status: 503, retryAfterMs: 3000 });
    expect((result as { excerpt: string }).excerpt.length).toBeLessThanOrEqual(2048);
  });

  it('reports a refused connection as a retriable failure', async () => {
    const gone = await start();
    await gone.close();
    const result = await post(
      clientFor([`127.0.0.1:${gone.port}`]),
      `http://127.0.0.1:${gone.port}/`,
    );
    expect(result).toMatchObject({ kind: 'failed', retriable: true, contacted: true });
    expect((result as { error: string }).error).toMatch(/ECONNREFUSED/);
  });

  it('reaches an IPv6 loopback receiver only through an exact [::1]:port entry', async () => {
    const v6 = await start(undefined, '::1');
    const allowed = await post(clientFor([`[::1]:${v6.port}`]), `http://[::1]:${v6.port}/`);
    expect(allowed).toMatchObject({ kind: 'response', status: 200 });
    const refused = await post(clientFor(['::1']), `http://[::1]:${v6.port}/`);
    expect(refused).toMatchObject({ kind: 'refused' });
    expect(v6.requests).toHaveLength(1);
  });
});
