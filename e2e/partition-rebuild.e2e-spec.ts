import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EmbeddedClient,
  embeddedCliEnv,
  type EmbeddedProcess,
  runCli,
  runCliJson,
  startEmbeddedProcess,
} from '@tributary/testkit';

/**
 * Rows corrected through the quarantine workflow are accepted data: every path that rebuilds a
 * partition (backfill, replay, replace mode, rollback then backfill, merge) keeps them, exactly
 * once, and never sends them back to quarantine. Driven as a user would: the CLI and the
 * published rows it queries.
 */

interface RunView {
  runId: string;
  status: string;
  rowsIn: number;
  rowsOut: number;
  rowsQuarantined: number;
}

interface QuarantineView {
  items: {
    runId: string;
    fileId: string;
    rowPosition: number;
    original: Record<string, unknown>;
  }[];
}

type Row = Record<string, unknown>;

const CARS = 200;
const BAD = new Set([17, 64, 151]);
/** A car that is quarantined and never corrected: it must stay quarantined, once per rebuild. */
const UNCORRECTED = 99;

function carsCsv(): string {
  const lines = ['Name,Miles_per_Gallon,Cylinders,Displacement,Year'];
  for (let i = 1; i <= CARS; i++) {
    const cylinders = BAD.has(i) || i === UNCORRECTED ? 'eight' : String(4 + (i % 3) * 2);
    lines.push(`car ${i},${(15 + (i % 20)).toFixed(1)},${cylinders},${100 + i},1970-01-01`);
  }
  return `${lines.join('\n')}\n`;
}

describe('partition rebuilds keep rows corrected through the quarantine workflow (embedded mode, CLI)', () => {
  let workDir: string;
  let dataDir: string;
  let dev: EmbeddedProcess;
  let api: EmbeddedClient;
  let env: Record<string, string>;
  const today = new Date().toISOString().slice(0, 10);

  const cli = <T = unknown>(args: string[]) => runCliJson<T>(args, env);

  async function rows(sourceId: string): Promise<Row[]> {
    return cli<Row[]>([
      'query',
      `SELECT name, cylinders, _tributary_file_id AS file, _tributary_row_position AS pos FROM ${sourceId} ORDER BY file, pos`,
    ]);
  }

  /** The published table as a user checks it: every car once, the corrected ones corrected. */
  async function expectAllCars(sourceId: string): Promise<Row[]> {
    const published = await rows(sourceId);
    const names = published.map((r) => String(r.name));
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(CARS - 1);
    expect(names).not.toContain(`car ${UNCORRECTED}`);
    for (const i of BAD)
      expect(published.find((r) => r.name === `car ${i}`)).toMatchObject({ cylinders: 8 });
    return published;
  }

  async function quarantined(sourceId: string, runId: string): Promise<QuarantineView['items']> {
    return (await cli<QuarantineView>(['quarantine', 'list', sourceId, '--run', runId])).items;
  }

  /** Upload, first run (4 rows quarantined), correct 3 of them, second run publishes them. */
  async function correctedSource(sourceId: string, settings: string[] = []): Promise<string> {
    const created = await cli<{ apiKey: string }>([
      'sources',
      'create',
      sourceId,
      '--hint',
      'Cylinders=integer',
      '--schedule',
      'off',
      ...settings,
    ]);
    const path = join(workDir, `${sourceId}.csv`);
    writeFileSync(path, carsCsv());
    const upload = await cli<{ fileId: string }>([
      'upload',
      sourceId,
      path,
      '--key',
      created.apiKey,
    ]);
    await api.waitForFileStatus(sourceId, upload.fileId, ['PROFILED']);
    const first = await cli<RunView>(['runs', 'trigger', sourceId, '--wait', '--timeout', '120']);
    expect(first).toMatchObject({ status: 'PROMOTED', rowsOut: CARS - 4, rowsQuarantined: 4 });

    const bad = await quarantined(sourceId, first.runId);
    expect(bad).toHaveLength(4);
    const corrections = bad
      .filter((r) => r.original.Name !== `car ${UNCORRECTED}`)
      .map((r) => ({
        fileId: r.fileId,
        rowPosition: r.rowPosition,
        values: { ...r.original, Cylinders: '8' },
      }));
    const rowsFile = join(workDir, `${sourceId}-corrections.json`);
    writeFileSync(rowsFile, JSON.stringify(corrections));
    const resubmitted = await cli<{ rows: number; corrected: number }>([
      'quarantine',
      'resubmit',
      sourceId,
      '--run',
      first.runId,
      '--rows-file',
      rowsFile,
    ]);
    expect(resubmitted).toMatchObject({ rows: 3, corrected: 3 });
    const second = await cli<RunView>(['runs', 'trigger', sourceId, '--wait', '--timeout', '120']);
    expect(second).toMatchObject({ status: 'PROMOTED', rowsIn: 3, rowsOut: 3 });
    return first.runId;
  }

  async function backfillToday(sourceId: string): Promise<RunView> {
    const backfill = await cli<RunView>([
      'backfill',
      sourceId,
      '--from',
      today,
      '--to',
      today,
      '--wait',
      '--timeout',
      '120',
    ]);
    expect(backfill.status).toBe('PROMOTED');
    return backfill;
  }

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'tributary-partition-rebuild-'));
    dataDir = join(workDir, '.tributary');
    mkdirSync(dataDir);
    dev = await startEmbeddedProcess({ dataDir });
    api = new EmbeddedClient(dev.gatewayUrl, dev.adminToken);
    env = embeddedCliEnv(dataDir);
  });
  afterAll(async () => {
    await dev?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('a backfill and a replay of the day publish the corrected rows once, and quarantine only the uncorrected one', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const firstRun = await correctedSource('cars');
    const before = await expectAllCars('cars');

    const backfill = await backfillToday('cars');
    expect(backfill).toMatchObject({ rowsIn: CARS, rowsOut: CARS - 1, rowsQuarantined: 1 });
    // The same rows, traced to the same uploads and positions.
    expect((await expectAllCars('cars')).map((r) => [r.name, r.file, r.pos])).toEqual(
      before.map((r) => [r.name, r.file, r.pos]),
    );
    const requarantined = await quarantined('cars', backfill.runId);
    expect(requarantined.map((r) => r.original.Name)).toEqual([`car ${UNCORRECTED}`]);

    const replay = await cli<RunView>(['replay', 'cars', '--since', since, '--wait']);
    expect(replay.runId).toMatch(/_BACKFILL$/);
    expect(replay).toMatchObject({ status: 'PROMOTED', rowsOut: CARS - 1, rowsQuarantined: 1 });
    await expectAllCars('cars');

    // A range holding nothing says so instead of a bare PROMOTED.
    const empty = await cli<RunView & { warnings: string[] }>([
      'backfill',
      'cars',
      '--from',
      '2001-01-01',
      '--to',
      '2001-01-02',
      '--wait',
    ]);
    expect(empty).toMatchObject({ status: 'PROMOTED', rowsIn: 0 });
    expect(empty.warnings).toEqual([
      'nothing matched: no upload is published on 2001-01-01 to 2001-01-02 and none is pending for it, so the backfill rebuilt nothing',
    ]);
    await expectAllCars('cars');

    // The uncorrected row is quarantined in three runs now; it can go back once, not three times.
    const [row] = requarantined;
    const once = await runCli(
      [
        'quarantine',
        'resubmit',
        'cars',
        '--run',
        firstRun,
        '--row',
        `${row!.fileId}:${row!.rowPosition}`,
      ],
      env,
    );
    expect(once.code).toBe(0);
    const twice = await runCli(
      [
        'quarantine',
        'resubmit',
        'cars',
        '--run',
        backfill.runId,
        '--row',
        `${row!.fileId}:${row!.rowPosition}`,
      ],
      env,
    );
    expect(twice.code).toBe(7);
    expect(twice.stderr).toMatch(/already re-submitted/);
  });

  it('replace mode: publishing corrected rows adds them to their partition instead of replacing it', async () => {
    await correctedSource('cars_replace', ['--write-mode', 'replace']);
    const before = await expectAllCars('cars_replace');
    await backfillToday('cars_replace');
    expect((await expectAllCars('cars_replace')).map((r) => [r.name, r.file, r.pos])).toEqual(
      before.map((r) => [r.name, r.file, r.pos]),
    );
  });

  it('rollback then backfill: the rebuilt partition still has the corrected rows', async () => {
    await correctedSource('cars_rollback');
    await expectAllCars('cars_rollback');
    const rolledBack = await cli<{ revision: number }>(['runs', 'rollback', 'cars_rollback']);
    expect(rolledBack.revision).toBeGreaterThan(2);
    expect((await rows('cars_rollback')).length).toBe(CARS - 4);
    const backfill = await backfillToday('cars_rollback');
    expect(await quarantined('cars_rollback', backfill.runId)).toHaveLength(1);
    await expectAllCars('cars_rollback');
  });

  it('merge mode: a backfill keeps one row per key with the corrected values', async () => {
    await correctedSource('cars_merge', ['--write-mode', 'merge', '--primary-key', 'Name']);
    const before = await expectAllCars('cars_merge');
    await backfillToday('cars_merge');
    expect((await expectAllCars('cars_merge')).map((r) => [r.name, r.file, r.pos])).toEqual(
      before.map((r) => [r.name, r.file, r.pos]),
    );
  });
});
