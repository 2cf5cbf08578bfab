import { Readable } from 'node:stream';
import { PipelineFixture } from '@tributary/testkit';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
}

describe('ingest gateway errors: RFC 9457 problems, and nothing stored for a refused upload', () => {
  let fx: PipelineFixture;
  let key: string;
  let otherKey: string;
  const source = 'errors';

  beforeAll(async () => {
    fx = await PipelineFixture.start('errors', ['ingest-gateway'], {
      MAX_UPLOAD_BYTES: String(64 * 1024),
    });
    key = await fx.createSource(source, { rateLimitPerMinute: 1000 });
    otherKey = await fx.createSource('someone-else');
    await fx.createSource('slow', { rateLimitPerMinute: 2 });
  });
  afterAll(async () => fx?.stop());

  async function expectNothingStored(sourceId: string): Promise<void> {
    const objects: string[] = [];
    for await (const o of fx.objects.list(`raw/source=${sourceId}/`)) objects.push(o.key);
    expect(objects).toEqual([]);
    expect(await fx.files.list(sourceId)).toEqual([]);
  }

  function expectProblem(
    result: { status: number; body: Record<string, unknown>; headers: Headers },
    status: number,
    type: RegExp,
  ): void {
    expect(result.status).toBe(status);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = result.body as unknown as Problem;
    expect(problem.status).toBe(status);
    expect(problem.type).toMatch(type);
    expect(problem.title).toEqual(expect.any(String));
  }

  it('400 for an invalid source id and for a missing or hostile file name', async () => {
    expectProblem(await fx.upload('Bad..Id', key, 'a.csv', 'a\n1\n'), 400, /invalid-source-id/);
    const noName = await fetch(`${fx.gatewayUrl}/v1/sources/${source}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: 'a\n1\n',
    });
    expect(noName.status).toBe(400);
    expectProblem(await fx.upload(source, key, 'a\u0000b.csv', 'a\n1\n'), 400, /invalid-file-name/);
    await expectNothingStored(source);
  });

  it('401 without a key or with a wrong one, 403 with the key of another source', async () => {
    expectProblem(await fx.upload(source, undefined, 'a.csv', 'a\n1\n'), 401, /unauthorized/);
    expectProblem(
      await fx.upload(source, `${key.slice(0, -4)}AAAA`, 'a.csv', 'a\n1\n'),
      401,
      /unauthorized/,
    );
    expectProblem(await fx.upload(source, 'not-a-key', 'a.csv', 'a\n1\n'), 401, /unauthorized/);
    expectProblem(await fx.upload(source, otherKey, 'a.csv', 'a\n1\n'), 403, /forbidden/);
    await expectNothingStored(source);
  });

  it('413 over the configured size, declared or streamed, and nothing is stored', async () => {
    const big = Buffer.alloc(200 * 1024, 'x');
    expectProblem(await fx.upload(source, key, 'big.csv', big), 413, /payload-too-large/);
    const streamed = await fetch(`${fx.gatewayUrl}/v1/sources/${source}/files?name=stream.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: Readable.toWeb(
        Readable.from(
          (function* () {
            for (let i = 0; i < 50; i++) yield Buffer.alloc(8 * 1024, 'y');
          })(),
        ),
      ),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    await expectNothingStored(source);
  });

  it('415 for an unsupported Content-Type or Content-Encoding', async () => {
    expectProblem(
      await fx.upload(source, key, 'a.xml', '<a/>', { contentType: 'application/xml' }),
      415,
      /unsupported-media-type/,
    );
    expectProblem(
      await fx.upload(source, key, 'a.csv', 'a\n1\n', { headers: { 'content-encoding': 'br' } }),
      415,
      /unsupported-media-type/,
    );
    await expectNothingStored(source);
  });

  it('429 when a key exceeds its rate, with Retry-After', async () => {
    const slowKey = (
      await fx.admin<{ apiKey: string }>('POST', '/v1/admin/sources/slow/rotate-key')
    ).body.apiKey;
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push(await fx.upload('slow', slowKey, `s${i}.csv`, `a\n${i}\n`));
    expect(results.map((r) => r.status)).toEqual([202, 202, 429]);
    expectProblem(results[2]!, 429, /rate-limited/);
    expect(Number(results[2]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('503 when the object store is down; nothing is recorded and a retry is safe', async () => {
    const broken = await fx.startService(
      'ingest-gateway',
      { S3_ENDPOINT: 'http://127.0.0.1:1', S3_ENSURE_BUCKET: 'false' },
      'broken-gateway',
    );
    const response = await fetch(`${broken.url}/v1/sources/${source}/files?name=down.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: 'a\n1\n',
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    const ready = await fetch(`${broken.url}/health/ready`);
    expect(ready.status).toBe(503);
    await broken.stop();
    await expectNothingStored(source);
  });

  it('control plane: 401 without the admin token, 400 naming bad fields, 409 for a duplicate source', async () => {
    const noAuth = await fetch(`${fx.gatewayUrl}/v1/admin/sources`);
    expect(noAuth.status).toBe(401);
    const bad = await fx.admin<Problem & { errors: { field: string }[] }>(
      'POST',
      '/v1/admin/sources',
      { sourceId: 'ok-id', policy: 'sometimes' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['policy']);
    const dup = await fx.admin('POST', '/v1/admin/sources', { sourceId: source });
    expect(dup.status).toBe(409);
    const unknown = await fx.admin('GET', '/v1/admin/sources/nobody-here');
    expect(unknown.status).toBe(404);
  });
});
