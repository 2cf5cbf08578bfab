import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PipelineFixture, pythonVenv, repoRoot, waitFor } from '@tributary/testkit';

interface LineageEvent {
  eventType: string;
  run: { runId: string };
  job: { name: string };
  inputs: { namespace: string; name: string }[];
  outputs: { namespace: string; name: string; facets: Record<string, unknown> }[];
}

/** Validates events with the official OpenLineage client's spec-generated classes. */
function validateWithOfficialClient(events: readonly unknown[]): {
  status: number | null;
  stdout: string;
} {
  const python = pythonVenv('openlineage-1.54.0', ['openlineage-python==1.54.0']);
  const result = spawnSync(
    python,
    [join(repoRoot(), 'libs/testkit/fixtures/validate-openlineage.py')],
    {
      input: events.map((e) => JSON.stringify(e)).join('\n'),
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { status: result.status, stdout: `${result.stdout}${result.stderr}` };
}

describe('OpenLineage events of promotion runs', () => {
  let fx: PipelineFixture;
  let server: Server;
  const received: LineageEvent[] = [];
  const file = join(tmpdir(), `lineage-${Date.now()}.ndjson`);

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (c: Buffer) => (body += c.toString()));
      request.on('end', () => {
        if (request.url === '/api/v1/lineage') received.push(JSON.parse(body) as LineageEvent);
        response.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    fx = await PipelineFixture.start('lineage', ['ingest-gateway', 'profiler', 'quality'], {
      PROMOTER_TICK_MS: '200',
    });
    await fx.startService('promoter', { OPENLINEAGE_URL: `http://127.0.0.1:${port}` }, 'promoter');
    await fx.startService(
      'promoter',
      { OPENLINEAGE_FILE: file, PROMOTER_ID: 'file-lineage' },
      'promoter-file',
    );
  });
  afterAll(async () => {
    await fx?.stop();
    server?.close();
  });

  it('emits START and COMPLETE (raw files in, curated dataset out, schema and quality facets) and FAIL, valid against the spec', async () => {
    const key = await fx.createSource('lineage-ok');
    const upload = await fx.upload('lineage-ok', key, 'a.csv', 'id,name\n1,ada\n2,bob\n');
    await fx.waitForFileStatus('lineage-ok', String(upload.body.fileId), ['PROFILED']);
    await fx.admin('POST', '/v1/admin/sources/lineage-ok/runs');

    const failKey = await fx.createSource('lineage-fail', {
      writeMode: 'merge',
      primaryKey: ['no_such_field'],
    });
    const failing = await fx.upload('lineage-fail', failKey, 'b.csv', 'id,name\n1,ada\n');
    await fx.waitForFileStatus('lineage-fail', String(failing.body.fileId), ['PROFILED']);
    await fx.admin('POST', '/v1/admin/sources/lineage-fail/runs');

    const all = (): LineageEvent[] => {
      const fromFile = (() => {
        try {
          return readFileSync(file, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as LineageEvent);
        } catch {
          return [];
        }
      })();
      return [...received, ...fromFile];
    };
    await waitFor(
      () => {
        const types = all().map((e) => `${e.job.name}:${e.eventType}`);
        return (
          types.includes('promote.lineage-ok:COMPLETE') &&
          types.includes('promote.lineage-fail:FAIL')
        );
      },
      { what: 'COMPLETE and FAIL events', timeoutMs: 90_000 },
    );

    const events = all();
    const ok = events.filter((e) => e.job.name === 'promote.lineage-ok');
    expect(ok.map((e) => e.eventType)).toEqual(['START', 'COMPLETE']);
    expect(new Set(ok.map((e) => e.run.runId)).size).toBe(1);
    const complete = ok[1]!;
    expect(complete.inputs).toEqual([
      { namespace: `s3://${fx.namespace}`, name: String(upload.body.key), facets: {} },
    ]);
    expect(complete.outputs[0]).toMatchObject({
      namespace: `s3://${fx.namespace}`,
      name: 'curated/source=lineage-ok',
    });
    expect(Object.keys(complete.outputs[0]!.facets).sort()).toEqual([
      'dataQualityMetrics',
      'schema',
    ]);
    expect(
      events.filter((e) => e.job.name === 'promote.lineage-fail').map((e) => e.eventType),
    ).toEqual(['START', 'FAIL']);

    const validation = validateWithOfficialClient(events);
    expect(validation.stdout).not.toMatch(/invalid/);
    expect(validation.status).toBe(0);
    expect(validation.stdout.trim().split('\n')).toHaveLength(events.length);
  });
});
