import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SharedPorts } from '@tributary/adapters';
import { rawKey } from '@tributary/contracts';
import {
  EmbeddedClient,
  embeddedCliEnv,
  type EmbeddedProcess,
  openEmbeddedFolder,
  runCli,
  startEmbeddedProcess,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@tributary/testkit';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

interface VersionView {
  version: number;
  status: string;
  compatibility: string;
  fieldDiff: { added: unknown[]; removed: unknown[]; typeChanged: unknown[] };
}

describe('embedded mode, ingest: upload → profile → versions, drift alerts, dead letters (one process, no servers)', () => {
  let dataDir: string;
  let dev: EmbeddedProcess;
  let api: EmbeddedClient;
  let hook: WebhookReceiver;
  let folder: SharedPorts;
  let key: string;
  const source = 'orders';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tributary-embedded-ingest-'));
    hook = await startWebhookReceiver();
    dev = await startEmbeddedProcess({ dataDir, args: ['--webhook-url', hook.url] });
    api = new EmbeddedClient(dev.gatewayUrl, dev.adminToken);
    folder = openEmbeddedFolder(dataDir);
    key = await api.createSource(source);
  });
  afterAll(async () => {
    await dev?.stop();
    await folder?.close();
    await hook?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lands a CSV untouched in the data folder and profiles it as version 1 ACTIVE', async () => {
    const csv =
      'order_id,customer,amount,ordered_on\n1,ada,12.50,2026-01-02\n2,"bob, jr",7.25,2026-01-03\n';
    const upload = await api.upload(source, key, 'orders 1.csv', csv);
    expect(upload.status).toBe(202);
    const fileId = String(upload.body.fileId);
    expect(upload.body).toMatchObject({ sha256: sha256(csv), duplicate: false });
    expect(upload.body.key).toBe(
      rawKey(source, new Date().toISOString().slice(0, 10), fileId, 'orders 1.csv'),
    );
    const status = await api.waitForFileStatus(source, fileId, ['PROFILED']);
    expect(status).toMatchObject({
      schemaVersion: 1,
      schemaStatus: 'ACTIVE',
      rowCount: 2,
      format: 'csv',
    });
    const stored = await folder.objectStore.getBytes(String(upload.body.key));
    expect(sha256(stored.bytes)).toBe(sha256(csv));
    const v1 = await api.admin<VersionView & { fields: Record<string, { type: string }> }>(
      'GET',
      `/v1/admin/sources/${source}/schemas/1`,
    );
    expect(
      Object.fromEntries(Object.entries(v1.body.fields).map(([name, f]) => [name, f.type])),
    ).toEqual({ order_id: 'integer', customer: 'string', amount: 'double', ordered_on: 'date' });
  });

  it('makes a new ACTIVE version for an added column and alerts the webhook with the diff', async () => {
    const upload = await api.upload(
      source,
      key,
      'orders-2.csv',
      'order_id,customer,amount,ordered_on,coupon\n3,cy,1.00,2026-01-04,WINTER\n',
    );
    const fileId = String(upload.body.fileId);
    const status = await api.waitForFileStatus(source, fileId, ['PROFILED']);
    expect(status).toMatchObject({ schemaVersion: 2, schemaStatus: 'ACTIVE' });
    const v2 = (await api.admin<VersionView>('GET', `/v1/admin/sources/${source}/schemas/2`)).body;
    expect(v2.fieldDiff.added).toEqual([{ name: 'coupon', type: 'string' }]);
    expect(v2.compatibility).toBe('BACKWARD');
    const alert = await hook.waitFor(
      (a) => a.body.kind === 'drift-detected' && JSON.stringify(a.body).includes('coupon'),
      'the drift alert for coupon',
    );
    expect(alert.body.sourceId).toBe(source);
    expect(alert.headers['x-tributary-signature']).toBeDefined();
  });

  it('makes a BREAKING version for a missing column, alerts it, and a person resolves it through the CLI', async () => {
    const upload = await api.upload(
      source,
      key,
      'orders-3.csv',
      'order_id,customer,ordered_on,coupon\n4,dee,2026-01-05,\n',
    );
    const fileId = String(upload.body.fileId);
    const status = await api.waitForFileStatus(source, fileId, ['PROFILED']);
    expect(status).toMatchObject({ schemaVersion: 3, schemaStatus: 'BREAKING' });
    expect(String(status.reason)).toMatch(/BREAKING.*amount.*missing/);
    expect(String(status.reason)).toContain(
      `run \`tributary schemas resolve ${source} 3 --accept --note "<why>"\``,
    );
    const v3 = (await api.admin<VersionView>('GET', `/v1/admin/sources/${source}/schemas/3`)).body;
    expect(v3.status).toBe('BREAKING');
    expect(v3.fieldDiff.removed).toEqual([{ name: 'amount', type: 'double' }]);
    const alert = await hook.waitFor(
      (a) => a.body.kind === 'drift-detected' && JSON.stringify(a.body).includes('BREAKING'),
      'the BREAKING drift alert',
    );
    expect(JSON.stringify(alert.body)).toContain('amount');

    const env = embeddedCliEnv(dataDir);
    const dry = await runCli(
      [
        'schemas',
        'resolve',
        source,
        '3',
        '--accept',
        '--note',
        'amount moved',
        '--dry-run',
        '--json',
      ],
      env,
    );
    expect(dry.code).toBe(0);
    expect(dry.json<{ applied: boolean }>().applied).toBe(false);
    const applied = await runCli(
      ['schemas', 'resolve', source, '3', '--accept', '--note', 'amount moved', '--json'],
      env,
    );
    expect(applied.code).toBe(0);
    expect(applied.json<{ applied: boolean }>().applied).toBe(true);
    const list = await runCli(['schemas', 'list', source, '--json'], env);
    const versions = list.json<{ versions: VersionView[] }>().versions;
    expect(versions.find((v) => v.version === 3)?.status).toBe('ACTIVE');

    // Released and promoted: the file no longer says it is blocked.
    const run = await runCli(['runs', 'trigger', source, '--wait', '--json'], env);
    expect(run.code).toBe(0);
    const promoted = await api.waitForFileStatus(source, fileId, ['PROMOTED']);
    expect(promoted.reason).toBeNull();
  });

  it('dead-letters malformed JSON byte for byte, keeps the original and alerts it', async () => {
    const broken = Buffer.from(
      '[{"order_id": 1, "customer": "ada"},\n {"order_id": 2, "customer": }]',
    );
    const upload = await api.upload(source, key, 'broken.json', broken, 'application/json');
    expect(upload.status).toBe(202);
    const fileId = String(upload.body.fileId);
    const status = await api.waitForFileStatus(source, fileId, ['DEAD_LETTERED']);
    expect(String(status.reason)).toMatch(/line 2/);
    expect(String(status.deadLetterKey)).toMatch(
      new RegExp(`^dead-letter/source=${source}/date=\\d{4}-\\d{2}-\\d{2}/${fileId}__broken.json$`),
    );
    const dead = await folder.objectStore.getBytes(String(status.deadLetterKey));
    expect(dead.bytes.equals(broken)).toBe(true);
    const raw = await folder.objectStore.getBytes(String(upload.body.key));
    expect(raw.bytes.equals(broken)).toBe(true);
    await hook.waitFor(
      (a) => a.body.kind === 'dead-letter' && JSON.stringify(a.body).includes('broken.json'),
      'the dead-letter alert',
    );
    const alerts = await runCli(['alerts', '--source', source, '--json'], embeddedCliEnv(dataDir));
    expect(alerts.code).toBe(0);
    expect(JSON.stringify(alerts.json())).toContain('dead-letter');
  });
});
