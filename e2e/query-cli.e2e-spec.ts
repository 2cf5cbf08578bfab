import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  completeRun,
  ORDER_COLUMNS,
  orderRows,
  PipelineFixture,
  qualityCliEnv,
  runCli,
  waitForDecision,
} from '@tributary/testkit';

type Row = Record<string, unknown>;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) =>
    statSync(join(dir, p)).isFile(),
  );
}

describe('tributary query: DuckDB over the published state of every source', () => {
  let fx: PipelineFixture;
  let env: Record<string, string>;
  let cacheDir: string;

  beforeAll(async () => {
    fx = await PipelineFixture.start('query-cli', ['ingest-gateway', 'quality']);
    cacheDir = mkdtempSync(join(tmpdir(), 'tributary-query-'));
    env = qualityCliEnv(fx, { TRIBUTARY_CACHE_DIR: cacheDir });
  });
  afterAll(async () => {
    await fx?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('has one view per published source, reading every schema version together', async () => {
    await fx.createSource('web-orders');
    await fx.createSource('returns');
    const v1 = await completeRun(fx, {
      sourceId: 'web-orders',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(4) }],
    });
    await waitForDecision(fx, 'web-orders', v1.runId);
    // Additive evolution: schema_v=2 adds a column; the older rows read it as NULL.
    const v2 = await completeRun(fx, {
      sourceId: 'web-orders',
      schemaVersion: 2,
      columns: { ...ORDER_COLUMNS, channel: 'VARCHAR' },
      partitions: [{ date: '2026-01-02', rows: orderRows(2, 10, () => ({ channel: 'app' })) }],
    });
    await waitForDecision(fx, 'web-orders', v2.runId);
    expect(v2.dataKeys[0]).toContain('/schema_v=2/');
    const returns = await completeRun(fx, {
      sourceId: 'returns',
      columns: { id: 'BIGINT', reason: 'VARCHAR' },
      partitions: [{ date: '2026-01-02', rows: [{ id: 10, reason: 'broken' }] }],
    });
    await waitForDecision(fx, 'returns', returns.runId);
    // A source with nothing published has no view; a rejected run is never read.
    await fx.createSource('silent');

    const result = await runCli(
      [
        'query',
        `SELECT o.id, o.channel, r.reason, o._tributary_run_id AS run
           FROM web_orders o LEFT JOIN returns r USING (id) ORDER BY o.id`,
        '--json',
      ],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.json<Row[]>()).toEqual([
      { id: '1', channel: null, reason: null, run: v1.runId },
      { id: '2', channel: null, reason: null, run: v1.runId },
      { id: '3', channel: null, reason: null, run: v1.runId },
      { id: '4', channel: null, reason: null, run: v1.runId },
      { id: '10', channel: 'app', reason: 'broken', run: v2.runId },
      { id: '11', channel: 'app', reason: null, run: v2.runId },
    ]);
    const cachedFiles = filesUnder(cacheDir);
    expect(cachedFiles).toHaveLength(3);

    // Table output for people; the cached files are reused, not downloaded again.
    const table = await runCli(['query', 'SELECT count(*) AS n FROM web_orders'], env);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^n\s*$/);
    expect(table.stdout).toMatch(/\n6\s*\n/);
    expect(filesUnder(cacheDir)).toEqual(cachedFiles);

    const views = await runCli(
      ['query', 'SELECT table_name FROM information_schema.tables ORDER BY 1', '--json'],
      env,
    );
    expect(views.json<Row[]>()).toEqual([{ table_name: 'returns' }, { table_name: 'web_orders' }]);
  });

  it('exits 3 on bad SQL, 4 for a source with nothing published, 2 without a bucket', async () => {
    const bad = await runCli(['query', 'SELECT nope FROM web_orders'], env);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/query failed/);
    const missing = await runCli(['query', 'SELECT 1', '--source', 'silent'], env);
    expect(missing.code).toBe(4);
    const noBucket = await runCli(['query', 'SELECT 1'], { ...env, S3_BUCKET: '' });
    expect(noBucket.code).toBe(2);
  });
});
