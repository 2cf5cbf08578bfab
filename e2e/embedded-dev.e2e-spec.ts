import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cliArgs,
  EmbeddedClient,
  type EmbeddedProcess,
  runCliToEnd,
  startEmbeddedProcess,
} from '@tributary/testkit';

const SERVICE_URL_KEYS = [
  'GATEWAY_URL',
  'PROFILER_SERVICE_URL',
  'PROMOTER_SERVICE_URL',
  'QUALITY_SERVICE_URL',
  'NOTIFIER_SERVICE_URL',
];

/** A Node.js on this machine too old for embedded mode (no node:sqlite), if there is one. */
function olderNode(): string | undefined {
  for (const path of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(path) || path === process.execPath) continue;
    const probe = spawnSync(path, ['-p', "require('node:module').isBuiltin('node:sqlite')"]);
    if (probe.status === 0 && probe.stdout.toString().trim() === 'false') return path;
  }
  return undefined;
}

async function answers(url: string): Promise<boolean> {
  return fetch(`${url}/health/live`).then(
    (r) => r.ok,
    () => false,
  );
}

describe('tributary dev and tributary demo: the first run on any machine', () => {
  const folders: string[] = [];
  const running: EmbeddedProcess[] = [];
  const folder = (label: string) => {
    const dir = mkdtempSync(join(tmpdir(), `tributary-embedded-${label}-`));
    folders.push(dir);
    return dir;
  };

  afterAll(async () => {
    await Promise.allSettled(running.map((p) => p.stop()));
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('prints the gateway, the admin credential and a working demo source key; writes the endpoints file; Ctrl-C stops every service with exit 0', async () => {
    const dataDir = folder('lifecycle');
    const dev = await startEmbeddedProcess({ dataDir });
    const out = dev.stdout();
    expect(out).toContain(dev.gatewayUrl);
    expect(out).toContain(dev.adminToken);
    expect(out).toContain(dev.demoSourceKey);
    expect(dev.endpoints).toMatchObject({
      TRIBUTARY_MODE: 'embedded',
      TRIBUTARY_DATA_DIR: dataDir,
      DEMO_SOURCE_ID: 'demo',
    });
    for (const key of SERVICE_URL_KEYS) expect(await answers(dev.endpoints[key]!)).toBe(true);
    const ready = await fetch(`${dev.gatewayUrl}/health/ready`);
    expect(ready.status).toBe(200);

    // The key printed for the demo source uploads straight away.
    const api = new EmbeddedClient(dev.gatewayUrl, dev.adminToken);
    const upload = await api.upload('demo', dev.demoSourceKey, 'hello.csv', 'id,name\n1,ada\n');
    expect(upload.status).toBe(202);
    await api.waitForFileStatus('demo', String(upload.body.fileId), ['PROFILED']);

    expect(await dev.stop('SIGINT')).toBe(0);
    expect(dev.stderr()).toContain('stopped; every service closed');
    for (const key of SERVICE_URL_KEYS) expect(await answers(dev.endpoints[key]!)).toBe(false);
    expect(existsSync(join(dataDir, 'runner.pid'))).toBe(false);
  });

  it('refuses a second runner on the same folder (exit 7), a busy port (exit 6) and a bad flag (exit 2)', async () => {
    const dataDir = folder('busy');
    const dev = await startEmbeddedProcess({ dataDir });
    running.push(dev);
    const second = await runCliToEnd(['dev', '--data-dir', dataDir, '--port', '0']);
    expect(second.code).toBe(7);
    expect(second.stderr).toMatch(/already used by a running tributary dev/);

    const port = new URL(dev.gatewayUrl).port;
    const clash = await runCliToEnd(['dev', '--data-dir', folder('clash'), '--port', port]);
    expect(clash.code).toBe(6);
    expect(clash.stderr).toMatch(new RegExp(`port ${port}.*in use`));

    const bad = await runCliToEnd(['dev', '--data-dir', folder('bad'), '--port', 'seventy']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--port/);
    // The running one is unharmed.
    expect(await answers(dev.gatewayUrl)).toBe(true);
    expect(await dev.stop('SIGTERM')).toBe(0);
  });

  // The machines this runs on have Debian's Node.js 20 beside the provisioned 24.
  const oldNode = olderNode();
  (oldNode ? it : it.skip)(
    `tributary demo on a Node.js without node:sqlite (${oldNode ?? 'none here'}) runs under the Node.js npm start provisions`,
    async () => {
      const demo = await runCliToEnd(['demo', '--data-dir', folder('old-node')], {
        node: oldNode!,
        timeoutMs: 180_000,
      });
      expect(demo.code).toBe(0);
      expect(demo.stdout).toMatch(/PROMOTED: 1461 rows in, 1461 published, 0 quarantined/);
    },
  );

  it('tributary demo: real data in four uploads, one drifted, published and queried in under a minute', async () => {
    const dataDir = folder('demo');
    const demo = await runCliToEnd(['demo', '--data-dir', dataDir], { timeoutMs: 120_000 });
    expect(demo.code).toBe(0);
    expect(demo.ms).toBeLessThan(60_000);
    const out = demo.stdout;
    for (const year of [2012, 2013, 2014, 2015])
      expect(out).toContain(`seattle-weather-${year}.csv`);
    expect(out).toMatch(/Drift alert: weather schema v1 → v2 ACTIVE \(BACKWARD\)/);
    expect(out).toMatch(/added\s+wind \(double\)/);
    expect(out).toMatch(/PROMOTED: 1461 rows in, 1461 published, 0 quarantined/);
    // The query result: one line per year, wind only where the feed sent it.
    expect(out).toMatch(/\n2012\s+366\s+15\.3\s+1226\s+191\s*\n/);
    expect(out).toMatch(/\n2015\s+365\s+17\.4\s+1139\s+144\s+3\.2\s*\n/);
    expect(out).toMatch(/Done in \d+\.\d s/);

    // Again, with tributary dev running on the folder: the demo uses it and finds its earlier work.
    const dev = await startEmbeddedProcess({ dataDir });
    running.push(dev);
    const again = await runCliToEnd(['demo', '--data-dir', dataDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Using the tributary dev running on ${dataDir}`);
    expect(again.stdout).toContain('(already uploaded earlier)');
    expect(again.stdout).toMatch(/\n2015\s+365\s+17\.4\s+1139\s+144\s+3\.2\s*\n/);
    expect(await answers(dev.gatewayUrl)).toBe(true);
  });

  it('Ctrl-C in the middle of the demo stops it and the services it started (exit 130)', async () => {
    const dataDir = folder('interrupted');
    const child = spawn(process.execPath, cliArgs(['demo', '--data-dir', dataDir]), {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      cwd: tmpdir(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        // An upload done, the next one under way: requests are in flight.
        if (/seattle-weather-2012\.csv .*→ file/.test(stdout)) resolve();
      }),
    );
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(10_000);
    expect(stderr).toContain('stopped; every service closed');
    expect(existsSync(join(dataDir, 'runner.pid'))).toBe(false);
  });
});
