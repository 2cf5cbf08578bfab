import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EmbeddedClient,
  embeddedCliEnv,
  type EmbeddedProcess,
  runCli,
  startEmbeddedProcess,
} from '@tributary/testkit';

type Row = Record<string, unknown>;

interface RunView {
  runId: string;
  status: string;
  rowsIn: number;
  rowsOut: number;
}

describe('embedded mode, promotion: run → publish → query, restart, replay (one process, no servers)', () => {
  let workDir: string;
  let dataDir: string;
  let dev: EmbeddedProcess;
  let api: EmbeddedClient;
  let ordersKey: string;
  /**
   * No variables at all: the CLI finds ./.tributary/endpoints.env in its working folder, and its
   * runner being alive puts it before the ./.stack/env there (which names nothing that answers).
   */
  const inWorkDir = () => ({ cwd: workDir });
  const noVariables = () => ({});
  const file = (name: string, body: string) => {
    const path = join(workDir, name);
    writeFileSync(path, body);
    return path;
  };

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'tributary-embedded-promotion-'));
    dataDir = join(workDir, '.tributary');
    mkdirSync(dataDir);
    mkdirSync(join(workDir, '.stack'));
    writeFileSync(
      join(workDir, '.stack', 'env'),
      'GATEWAY_URL=http://127.0.0.1:9\nADMIN_TOKEN=not-this-one-0123456789\nS3_BUCKET=not-this-one\nS3_ENDPOINT=http://127.0.0.1:9\n',
    );
    dev = await startEmbeddedProcess({ dataDir });
    api = new EmbeddedClient(dev.gatewayUrl, dev.adminToken);
  });
  afterAll(async () => {
    await dev?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('publishes the uploads of a triggered run, and tributary query returns the rows', async () => {
    const created = await runCli(
      ['sources', 'create', 'orders', '--json'],
      noVariables(),
      inWorkDir(),
    );
    expect(created.code).toBe(0);
    ordersKey = created.json<{ apiKey: string }>().apiKey;
    const files = {
      'a.csv': 'id,name,amount\n1,ada,12.50\n2,bob,7.25\n',
      'b.csv': 'id,name,amount\n3,"cy, jr",0.10\n4,dee,1000.00\n',
      'c.csv': 'id,name,amount\n5,eve,3.33\n',
    };
    const ids: string[] = [];
    for (const [name, body] of Object.entries(files)) {
      const upload = await runCli(
        ['upload', 'orders', file(name, body), '--key', ordersKey, '--json'],
        noVariables(),
        inWorkDir(),
      );
      expect(upload.code).toBe(0);
      ids.push(upload.json<{ fileId: string }>().fileId);
    }
    for (const id of ids) await api.waitForFileStatus('orders', id, ['PROFILED']);

    const run = await runCli(
      ['runs', 'trigger', 'orders', '--wait', '--timeout', '120', '--json'],
      noVariables(),
      inWorkDir(),
    );
    expect(run.code).toBe(0);
    const view = run.json<RunView>();
    expect(view).toMatchObject({ status: 'PROMOTED', rowsIn: 5, rowsOut: 5 });
    for (const id of ids) await api.waitForFileStatus('orders', id, ['PROMOTED']);

    const expected = [
      { id: 1, name: 'ada' },
      { id: 2, name: 'bob' },
      { id: 3, name: 'cy, jr' },
      { id: 4, name: 'dee' },
      { id: 5, name: 'eve' },
    ];
    const sql = 'SELECT id, name FROM orders ORDER BY id';
    // Found three ways: the endpoints file in ./.tributary, --data-dir, TRIBUTARY_DATA_DIR.
    for (const [args, env, cwd] of [
      [['query', sql, '--json'], noVariables(), workDir],
      [['query', sql, '--json', '--data-dir', dataDir], noVariables(), tmpdir()],
      [['query', sql, '--json'], embeddedCliEnv(dataDir), tmpdir()],
    ] as const) {
      const query = await runCli(args, env, { cwd });
      expect(query.code).toBe(0);
      expect(query.json<Row[]>().map((r) => ({ id: Number(r.id), name: r.name }))).toEqual(
        expected,
      );
    }
    const provenance = await runCli(
      ['query', 'SELECT DISTINCT _tributary_run_id AS run FROM orders', '--json'],
      embeddedCliEnv(dataDir),
    );
    expect(provenance.json<Row[]>()).toEqual([{ run: view.runId }]);
  });

  it('keeps sources, schemas, runs and data across a restart, and goes on from there', async () => {
    const before = { adminToken: dev.adminToken, demoKey: dev.demoSourceKey };
    const runs = (await api.admin<RunView[]>('GET', '/v1/admin/sources/orders/runs')).body;
    expect(await dev.stop('SIGINT')).toBe(0);

    // Stopped: the published table is still queryable straight from the data folder.
    const offline = await runCli(
      ['query', 'SELECT count(*) AS n FROM orders', '--json', '--data-dir', dataDir],
      embeddedCliEnv(dataDir),
    );
    expect(offline.code).toBe(0);
    expect(Number(offline.json<Row[]>()[0]!.n)).toBe(5);

    dev = await startEmbeddedProcess({ dataDir });
    api = new EmbeddedClient(dev.gatewayUrl, dev.adminToken);
    expect({ adminToken: dev.adminToken, demoKey: dev.demoSourceKey }).toEqual(before);

    const env = embeddedCliEnv(dataDir);
    const sources = await runCli(['sources', 'list', '--json'], env);
    expect(
      sources
        .json<{ sourceId: string }[]>()
        .map((s) => s.sourceId)
        .sort(),
    ).toEqual(['demo', 'orders']);
    const schemas = await runCli(['schemas', 'list', 'orders', '--json'], env);
    expect(
      schemas.json<{ versions: { version: number; status: string }[] }>().versions,
    ).toMatchObject([{ version: 1, status: 'ACTIVE' }]);
    const runsAfter = await runCli(['runs', 'list', 'orders', '--json'], env);
    expect(runsAfter.json<RunView[]>().map((r) => [r.runId, r.status])).toEqual(
      runs.map((r) => [r.runId, r.status]),
    );

    // The API key issued before the restart still works; the pipeline carries on.
    const upload = await api.upload('orders', ordersKey, 'd.csv', 'id,name,amount\n6,fay,1.5\n');
    expect(upload.status).toBe(202);
    await api.waitForFileStatus('orders', String(upload.body.fileId), ['PROFILED']);
    expect(await api.runToEnd('orders')).toMatchObject({ status: 'PROMOTED', rowsIn: 1 });
    const query = await runCli(['query', 'SELECT id FROM orders ORDER BY id', '--json'], env);
    expect(query.json<Row[]>().map((r) => Number(r.id))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('replays file-landed from a timestamp to drive a backfill that rewrites the partition, late data included', async () => {
    const key = await api.createSource('replayed');
    await api.uploadProfiled('replayed', key, { 'a.csv': 'id,v\n1,a\n2,b\n' });
    const first = await api.runToEnd('replayed');
    expect(first).toMatchObject({ status: 'PROMOTED', rowsOut: 2 });

    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await api.uploadProfiled('replayed', key, { 'late.csv': 'id,v\n3,late\n' });
    const replay = await api.admin<{ runId: string; dates: string[]; events: number }>(
      'POST',
      '/v1/admin/sources/replayed/replays',
      { since },
    );
    expect(replay.status).toBeLessThan(300);
    expect(replay.body.runId).toMatch(/_BACKFILL$/);
    expect(replay.body.events).toBe(1);
    expect(replay.body.dates).toEqual([new Date().toISOString().slice(0, 10)]);
    const backfill = await api.waitForRun('replayed', replay.body.runId);
    expect(backfill).toMatchObject({ status: 'PROMOTED', rowsIn: 3, rowsOut: 3 });

    // The partition was rewritten whole by the backfill run: every row once, late row included.
    const query = await runCli(
      ['query', 'SELECT id, v, _tributary_run_id AS run FROM replayed ORDER BY id', '--json'],
      embeddedCliEnv(dataDir),
    );
    expect(query.json<Row[]>().map((r) => [Number(r.id), r.v, r.run])).toEqual([
      [1, 'a', replay.body.runId],
      [2, 'b', replay.body.runId],
      [3, 'late', replay.body.runId],
    ]);
    const replayedViaCli = await runCli(
      ['replay', 'replayed', '--since', since, '--json'],
      embeddedCliEnv(dataDir),
    );
    expect(replayedViaCli.code).toBe(0);
    const again = replayedViaCli.json<{ runId: string }>().runId;
    expect(again).toMatch(/_BACKFILL$/);
    expect(await api.waitForRun('replayed', again)).toMatchObject({
      status: 'PROMOTED',
      rowsOut: 3,
    });
  });
});
