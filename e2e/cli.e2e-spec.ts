import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PipelineFixture, runCli, waitFor } from '@tributary/testkit';

describe('the tributary command line against the running services', () => {
  let fx: PipelineFixture;
  let env: Record<string, string>;
  const file = (name: string, body: string) => {
    const path = join(tmpdir(), `${fx.namespace}-${name}`);
    writeFileSync(path, body);
    return path;
  };

  beforeAll(async () => {
    fx = await PipelineFixture.start(
      'cli',
      ['ingest-gateway', 'profiler', 'promoter', 'notifier'],
      { PROMOTER_TICK_MS: '200' },
    );
    env = {
      TRIBUTARY_URL: fx.gatewayUrl,
      TRIBUTARY_ADMIN_TOKEN: fx.adminToken,
      TRIBUTARY_NOTIFIER_URL: fx.service('notifier').url,
    };
  });
  afterAll(async () => fx?.stop());

  it('prints help for every command and exits 2 on a usage error', async () => {
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    for (const command of [
      'sources',
      'upload',
      'files',
      'schemas',
      'runs',
      'backfill',
      'replay',
      'pause',
      'resume',
      'alerts',
    ]) {
      expect(help.stdout).toContain(command);
      const sub = await runCli([command, '--help'], env);
      expect(sub.code).toBe(0);
    }
    expect((await runCli(['sources', 'create'], env)).code).toBe(2);
    expect((await runCli(['no-such-command'], env)).code).toBe(2);
  });

  it('manages a source, uploads, follows the file and reads its schema', async () => {
    const created = await runCli(
      ['sources', 'create', 'cli-orders', '--hint', 'zip=string', '--json'],
      env,
    );
    expect(created.code).toBe(0);
    const { apiKey, source } = created.json<{
      apiKey: string;
      source: { sourceId: string; hints: Record<string, string> };
    }>();
    expect(source).toMatchObject({ sourceId: 'cli-orders', hints: { zip: 'string' } });
    expect((await runCli(['sources', 'create', 'cli-orders'], env)).code).toBe(7);
    expect(
      (await runCli(['sources', 'list', '--json'], env))
        .json<{ sourceId: string }[]>()
        .map((s) => s.sourceId),
    ).toContain('cli-orders');
    expect((await runCli(['sources', 'show', 'cli-orders', '--json'], env)).json()).toMatchObject({
      sourceId: 'cli-orders',
    });
    expect(
      (
        await runCli(
          ['sources', 'update', 'cli-orders', '--policy', 'evolve', '--threshold', '0.1', '--json'],
          env,
        )
      ).json(),
    ).toMatchObject({
      quarantineThreshold: 0.1,
    });
    expect((await runCli(['sources', 'show', 'nobody', '--json'], env)).code).toBe(4);

    const withKey = { ...env, TRIBUTARY_SOURCE_KEY: apiKey };
    const upload = await runCli(
      [
        'upload',
        'cli-orders',
        file('orders.csv', 'id,zip,amount\n1,02134,9.5\n2,90210,3.25\n'),
        '--json',
      ],
      withKey,
    );
    expect(upload.code).toBe(0);
    const { fileId, duplicate } = upload.json<{ fileId: string; duplicate: boolean }>();
    expect(duplicate).toBe(false);
    expect((await runCli(['upload', 'cli-orders', file('bad.xml', '<x/>')], withKey)).code).toBe(2);
    expect(
      (
        await runCli(['upload', 'cli-orders', file('o2.csv', 'a\n1\n')], {
          ...env,
          TRIBUTARY_SOURCE_KEY: 'trib_cli-orders.wrongwrongwrongwrongwrongwrongwrongwrongwro',
        })
      ).code,
    ).toBe(5);

    const status = await waitFor(
      async () => {
        const s = (
          await runCli(['files', 'status', 'cli-orders', fileId, '--json'], withKey)
        ).json<{ status: string }>();
        return s.status === 'PROFILED' ? s : undefined;
      },
      { what: 'PROFILED' },
    );
    expect(status).toMatchObject({ schemaVersion: 1 });

    const schemas = (await runCli(['schemas', 'list', 'cli-orders', '--json'], env)).json<{
      versions: { version: number; status: string }[];
    }>();
    expect(schemas.versions.map((v) => [v.version, v.status])).toEqual([[1, 'ACTIVE']]);
    const v1 = (await runCli(['schemas', 'show', 'cli-orders', '1', '--json'], env)).json<{
      fields: Record<string, { type: string }>;
    }>();
    expect(v1.fields.zip!.type).toBe('string');

    const drifted = await runCli(
      ['upload', 'cli-orders', file('o3.csv', 'id,zip\n3,10001\n'), '--json'],
      withKey,
    );
    const driftedId = drifted.json<{ fileId: string }>().fileId;
    await waitFor(
      async () =>
        (await runCli(['files', 'status', 'cli-orders', driftedId, '--json'], withKey)).json<{
          status: string;
        }>().status === 'PROFILED',
      { what: 'PROFILED' },
    );
    const diff = (await runCli(['schemas', 'diff', 'cli-orders', '1', '2', '--json'], env)).json<{
      diff: { removed: { name: string }[] };
    }>();
    expect(diff.diff.removed.map((r) => r.name)).toEqual(['amount']);
    const dry = await runCli(
      [
        'schemas',
        'resolve',
        'cli-orders',
        '2',
        '--accept',
        '--note',
        'amount retired',
        '--dry-run',
        '--json',
      ],
      env,
    );
    expect(dry.json()).toMatchObject({ applied: false });
    expect((await runCli(['schemas', 'resolve', 'cli-orders', '2', '--note', 'x'], env)).code).toBe(
      2,
    );
    const applied = await runCli(
      ['schemas', 'resolve', 'cli-orders', '2', '--accept', '--note', 'amount retired', '--json'],
      env,
    );
    expect(applied.json()).toMatchObject({ applied: true });
  });

  it('marks required options, lists and follows files with the admin token alone, words a diff for people', async () => {
    for (const [args, option] of [
      [['backfill', '--help'], '--from <date>'],
      [['backfill', '--help'], '--to <date>'],
      [['replay', '--help'], '--since <timestamp>'],
      [['schemas', 'resolve', '--help'], '--note <text>'],
      [['quarantine', 'resubmit', '--help'], '--run <runId>'],
    ] as const) {
      const help = await runCli([...args], env);
      expect(help.code).toBe(0);
      // The option's help, wrapped lines joined, up to the next option.
      const flat = help.stdout.replace(/\s+/g, ' ');
      const from = flat.indexOf(` ${option} `);
      const entry = flat.slice(from, flat.indexOf(' -', from + option.length + 2));
      expect({ args, entry }).toMatchObject({ entry: expect.stringMatching(/\(required\)$/) });
    }
    expect((await runCli(['replay', '--help'], env)).stdout).toContain('--wait');

    const files = await runCli(['files', 'list', 'cli-orders', '--json'], env);
    expect(files.code).toBe(0);
    const listed = files.json<{ fileId: string; fileName: string; status: string }[]>();
    expect(listed.map((f) => f.fileName.replace(/^.*-(?=[^-]+\.csv$)/, ''))).toEqual([
      'orders.csv',
      'o3.csv',
    ]);
    const table = await runCli(['files', 'list', 'cli-orders', '--status', 'PROFILED'], env);
    expect(table.stdout).toMatch(/orders\.csv\s+PROFILED/);
    // No source key given: the admin token reads any source's file.
    const status = await runCli(
      ['files', 'status', 'cli-orders', listed[0]!.fileId, '--json'],
      env,
    );
    expect(status.code).toBe(0);
    expect(status.json()).toMatchObject({ fileName: listed[0]!.fileName, status: 'PROFILED' });

    const diff = await runCli(['schemas', 'diff', 'cli-orders', '1', '2'], env);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(
      /^schema v1 → v2: 0 added, 1 removed, 0 retyped, 0 rename candidates\n/,
    );
    expect(diff.stdout).toContain('  - amount (double)');

    const reset = await runCli(['reset', 'cli-orders'], env);
    expect(reset.code).toBe(7);
    expect(reset.stderr).toMatch(/only a FAILED pipeline can be reset; source cli-orders is IDLE/);
  });

  it('triggers and follows runs, pauses and resumes, backfills and replays', async () => {
    const trigger = await runCli(['runs', 'trigger', 'cli-orders', '--json'], env);
    expect(trigger.code).toBe(0);
    const { runId } = trigger.json<{ runId: string }>();
    await waitFor(
      async () => {
        const run = await runCli(['runs', 'show', 'cli-orders', runId, '--json'], env);
        return (
          run.code === 0 &&
          ['COMPLETED', 'PROMOTED'].includes(run.json<{ status: string }>().status)
        );
      },
      { what: 'run completed' },
    );
    const list = (await runCli(['runs', 'list', 'cli-orders', '--json'], env)).json<
      { runId: string }[]
    >();
    expect(list.map((r) => r.runId)).toContain(runId);
    expect((await runCli(['pipeline', 'cli-orders', '--json'], env)).json()).toMatchObject({
      sourceId: 'cli-orders',
    });
    const pause = await runCli(['pause', 'cli-orders', '--json'], env);
    expect(pause.code).toBe(7);
    expect(pause.stderr).toMatch(/only a RUNNING pipeline can be paused/);
    expect((await runCli(['resume', 'cli-orders'], env)).code).toBe(7);
    const backfill = await runCli(
      ['backfill', 'cli-orders', '--from', '2026-01-01', '--to', '2026-01-02', '--json'],
      env,
    );
    expect([0, 7]).toContain(backfill.code);
    if (backfill.code === 0) expect(backfill.json<{ runId: string }>().runId).toMatch(/_BACKFILL$/);
    expect(
      (await runCli(['backfill', 'cli-orders', '--from', '2026-02-02', '--to', '2026-01-01'], env))
        .code,
    ).toBe(3);
    const replay = await runCli(
      ['replay', 'cli-orders', '--since', '2000-01-01T00:00:00Z', '--json'],
      env,
    );
    expect([0, 7]).toContain(replay.code);
    if (replay.code === 0)
      expect(replay.json<{ dates: string[] }>().dates.length).toBeGreaterThan(0);
  });

  it('reads the alert delivery log', async () => {
    const alerts = await runCli(['alerts', '--source', 'cli-orders', '--json'], env);
    expect(alerts.code).toBe(0);
    expect(alerts.json()).toBeDefined();
    const noUrl = await runCli(['alerts'], {
      TRIBUTARY_URL: fx.gatewayUrl,
      TRIBUTARY_ADMIN_TOKEN: fx.adminToken,
    });
    expect(noUrl.code).toBe(2);
  });
});
