import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { PipelineFixture, waitFor } from '@tributary/testkit';

const SECRET = 'alerts-chain-signing-secret-0123456789abcdef';

function signatureVerifies(header: string | string[] | undefined, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header ?? ''));
  if (!match) return false;
  const expected = createHmac('sha256', SECRET).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

describe('a BREAKING upload reaches a webhook: gateway → profiler → notifier, as processes', () => {
  let fx: PipelineFixture;
  let receiver: Server;
  const requests: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (c: Buffer) => (body += c.toString()));
      request.on('end', () => {
        requests.push({ headers: request.headers, body });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as { port: number }).port;
    fx = await PipelineFixture.start('alerts', ['ingest-gateway', 'profiler'], {
      WEBHOOK_SIGNING_SECRET: SECRET,
      WEBHOOK_ALLOWLIST: `127.0.0.1:${port}`,
      NOTIFIER_RETRY_BASE_MS: '100',
    });
    await fx.startService('notifier');
    await fx.createSource('alerted', {
      channels: [
        {
          kind: 'webhook',
          name: 'ops',
          url: `http://127.0.0.1:${port}/hooks/tributary`,
          format: 'json',
        },
      ],
    });
  });
  afterAll(async () => {
    await fx?.stop();
    receiver?.close();
  });

  it('delivers exactly one signed alert carrying the diff for the BREAKING upload', async () => {
    const key = (await fx.admin<{ apiKey: string }>('POST', '/v1/admin/sources/alerted/rotate-key'))
      .body.apiKey;
    const first = await fx.upload('alerted', key, 'a.csv', 'id,name,amount\n1,ada,2.5\n');
    await fx.waitForFileStatus('alerted', String(first.body.fileId), ['PROFILED']);
    const breaking = await fx.upload('alerted', key, 'b.csv', 'id,name\n2,bob\n');
    await fx.waitForFileStatus('alerted', String(breaking.body.fileId), ['PROFILED']);
    await waitFor(() => requests.length >= 1, { what: 'a webhook delivery' });
    await new Promise((r) => setTimeout(r, 3000));
    expect(requests).toHaveLength(1);
    const [delivery] = requests as [{ headers: IncomingHttpHeaders; body: string }];
    expect(signatureVerifies(delivery.headers['x-tributary-signature'], delivery.body)).toBe(true);
    const body = JSON.parse(delivery.body) as Record<string, unknown>;
    const text = JSON.stringify(body);
    expect(text).toContain('amount');
    expect(text).toContain('BREAKING');
    expect(text).toContain('b.csv');
    expect(text).not.toContain(key);
  });
});
