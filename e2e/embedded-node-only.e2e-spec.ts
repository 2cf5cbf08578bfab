import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import {
  EmbeddedClient,
  type EmbeddedProcess,
  runCliToEnd,
  startEmbeddedProcess,
} from '@tributary/testkit';

/** Only the folder of the Node binary running the tests: no Java, no Kafka, no servers. */
const nodeOnlyEnv = (home: string) => ({ PATH: dirname(process.execPath), HOME: home });

describe('embedded mode needs nothing but Node: no Java, no servers on PATH', () => {
  let dataDir: string;
  let home: string;
  let dev: EmbeddedProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tributary-node-only-'));
    home = mkdtempSync(join(tmpdir(), 'tributary-node-only-home-'));
  });
  afterAll(async () => {
    await dev?.stop();
    for (const dir of [dataDir, home]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('profiles an upload and publishes it to tributary query with PATH holding only node', async () => {
    const env = nodeOnlyEnv(home);
    expect(env.PATH.split(delimiter)).toHaveLength(1);
    expect(readdirSync(env.PATH).filter((name) => /^java/.test(name))).toEqual([]);
    expect(existsSync(join(env.PATH, 'node'))).toBe(true);

    dev = await startEmbeddedProcess({ dataDir, env });
    const api = new EmbeddedClient(dev.gatewayUrl, dev.adminToken);
    const upload = await api.upload(
      'demo',
      dev.demoSourceKey,
      'cities.csv',
      'city,population\nSeattle,737015\nPortland,652503\n',
    );
    expect(upload.status).toBe(202);
    await api.waitForFileStatus('demo', String(upload.body.fileId), ['PROFILED']);

    const cli = { env: { ...env, TRIBUTARY_DATA_DIR: dataDir } };
    const run = await runCliToEnd(['runs', 'trigger', 'demo', '--wait', '--json'], cli);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'PROMOTED', rowsOut: 2 });
    const query = await runCliToEnd(
      ['query', 'SELECT city, population FROM demo ORDER BY population DESC', '--json'],
      cli,
    );
    expect(query.code).toBe(0);
    expect(
      (JSON.parse(query.stdout) as { city: string; population: unknown }[]).map((r) => [
        r.city,
        Number(r.population),
      ]),
    ).toEqual([
      ['Seattle', 737015],
      ['Portland', 652503],
    ]);
    expect(await dev.stop('SIGINT')).toBe(0);
  });
});
