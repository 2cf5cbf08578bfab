import { mkdtempSync, rmSync } from 'node:fs';
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

interface VersionView {
  version: number;
  status: string;
  fields: Record<string, { type: string; nullable: boolean }>;
  fieldDiff: { added: { name: string }[]; removed: unknown[]; typeChanged: unknown[] };
  encoding?: { name: string; basis: string; note: string };
}

type Row = Record<string, unknown>;

/**
 * What real exports do on an ordinary day, through the HTTP API and the CLI: days without data,
 * header-only files, JSON arrays with stray elements, Latin-1 text, and settings changed later.
 */
describe('embedded mode: everyday uploads and settings say what they do', () => {
  let dataDir: string;
  let dev: EmbeddedProcess;
  let api: EmbeddedClient;
  let env: Record<string, string>;

  const versions = async (sourceId: string) =>
    (await api.admin<{ versions: VersionView[] }>('GET', `/v1/admin/sources/${sourceId}/schemas`))
      .body.versions;

  const cli = <T = unknown>(args: string[]) => runCliJson<T>(args, env);

  async function uploaded(
    sourceId: string,
    key: string,
    name: string,
    body: string | Buffer,
    contentType = 'text/csv',
  ): Promise<Row> {
    const upload = await api.upload(sourceId, key, name, body, contentType);
    expect(upload.status).toBe(202);
    return api.waitForFileStatus(sourceId, String(upload.body.fileId), [
      'PROFILED',
      'DEAD_LETTERED',
    ]);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tributary-everyday-'));
    dev = await startEmbeddedProcess({ dataDir });
    api = new EmbeddedClient(dev.gatewayUrl, dev.adminToken);
    env = embeddedCliEnv(dataDir);
  });
  afterAll(async () => {
    await dev?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a day without data (0 bytes, [], a header alone) is profiled with 0 rows and blocks nothing', async () => {
    const key = await api.createSource('daily', { scheduleSeconds: null });
    await uploaded('daily', key, 'day1.csv', 'id,name,amount\n1,ada,1.5\n2,bob,2.5\n');
    for (const [name, body, type] of [
      ['day2.csv', '', 'text/csv'],
      ['day3.json', '', 'application/json'],
      ['day4.json', '[]', 'application/json'],
      ['day5.csv', 'id,name,amount\n', 'text/csv'],
    ] as const) {
      const status = await uploaded('daily', key, name, body, type);
      expect({ name, ...status }).toMatchObject({
        name,
        status: 'PROFILED',
        rowCount: 0,
        schemaVersion: 1,
        schemaStatus: 'ACTIVE',
      });
      expect(String(status.reason)).toMatch(/^no data rows/);
    }
    const [only] = await versions('daily');
    expect((await versions('daily')).length).toBe(1);
    expect(only!.fields.id).toMatchObject({ type: 'integer', nullable: false });

    const run = await cli<{ status: string; rowsIn: number }>([
      'runs',
      'trigger',
      'daily',
      '--wait',
      '--timeout',
      '120',
    ]);
    expect(run).toMatchObject({ status: 'PROMOTED', rowsIn: 2 });
    expect(await cli<Row[]>(['query', 'SELECT count(*)::INT AS n FROM daily'])).toEqual([{ n: 2 }]);

    // A header that names a new column is still a (additive) schema change, not silence.
    const wider = await uploaded('daily', key, 'day6.csv', 'id,name,amount,coupon\n');
    expect(wider).toMatchObject({ schemaVersion: 2, schemaStatus: 'ACTIVE' });
    const [, v2] = await versions('daily');
    expect(v2!.fieldDiff.added.map((f) => f.name)).toEqual(['coupon']);
    expect(v2!.fields.id).toMatchObject({ type: 'integer', nullable: false });
  });

  it('a JSON array counts every element as a row, as the run does', async () => {
    const key = await api.createSource('stray', { scheduleSeconds: null, quarantineThreshold: 1 });
    const status = await uploaded(
      'stray',
      key,
      'mixed.json',
      '[{"id":1},{"id":2},3,"four",null]',
      'application/json',
    );
    expect(status).toMatchObject({ rowCount: 5, rowErrors: 3 });
    const run = await cli<{ status: string; rowsIn: number; rowsQuarantined: number }>([
      'runs',
      'trigger',
      'stray',
      '--wait',
      '--timeout',
      '120',
    ]);
    expect(run).toMatchObject({ status: 'PROMOTED', rowsIn: 5, rowsQuarantined: 3 });
  });

  it('reports how a CSV was decoded: guessed windows-1252, a declared charset, valid UTF-8', async () => {
    const key = await api.createSource('latin', { scheduleSeconds: null });
    const latin1 = Buffer.concat([Buffer.from('id,city\n1,'), Buffer.from([0x53, 0xe3, 0x6f])]);
    const guessed = await uploaded('latin', key, 'guessed.csv', latin1);
    expect(guessed).toMatchObject({ encoding: 'windows-1252', encodingBasis: 'guessed' });
    expect(String(guessed.encodingNote)).toMatch(/^guessed: .*not valid UTF-8/);
    const [v1] = await versions('latin');
    expect(v1!.encoding).toMatchObject({ name: 'windows-1252', basis: 'guessed' });

    const declared = await uploaded(
      'latin',
      key,
      'declared.csv',
      Buffer.concat([Buffer.from('id,city\n2,'), Buffer.from([0x53, 0xe3, 0x6f])]),
      'text/csv; charset=ISO-8859-1',
    );
    expect(declared).toMatchObject({
      encoding: 'windows-1252',
      encodingBasis: 'declared',
      charset: 'iso-8859-1',
      encodingNote: 'declared by the upload: charset=iso-8859-1',
    });
    const utf8 = await uploaded('latin', key, 'utf8.csv', 'id,city\n3,São Paulo\n');
    expect(utf8).toMatchObject({ encoding: 'utf-8', encodingBasis: 'detected' });

    const unknown = await api.upload('latin', key, 'x.csv', 'id\n1\n', 'text/csv; charset=ebcdic');
    expect(unknown.status).toBe(415);
    expect(String(unknown.body.detail)).toMatch(/charset ebcdic is not one Tributary decodes/);

    const run = await cli<{ status: string }>(['runs', 'trigger', 'latin', '--wait']);
    expect(run.status).toBe('PROMOTED');
    const cities = await cli<Row[]>(['query', 'SELECT city FROM latin ORDER BY id']);
    expect(cities.map((r) => r.city)).toEqual(['São', 'São', 'São Paulo']);
  });

  it('a hint retypes the field with the next upload, and the diff, the alert and the CLI say so', async () => {
    const key = await api.createSource('hinted', { scheduleSeconds: null, quarantineThreshold: 1 });
    await uploaded('hinted', key, 'a.csv', 'id,date\n1,2000-01-01\n2,unknown\n');
    expect((await versions('hinted'))[0]!.fields.date!.type).toBe('string');
    expect((await cli<{ status: string }>(['runs', 'trigger', 'hinted', '--wait'])).status).toBe(
      'PROMOTED',
    );

    const updated = await runCli(['sources', 'update', 'hinted', '--hint', 'date=date'], env);
    expect(updated.code).toBe(0);
    expect(updated.stderr).toMatch(
      /note: hint date=date takes effect with the next file profiled for hinted: it makes a new ACTIVE schema version retyping date from string to date/,
    );

    const next = await uploaded('hinted', key, 'b.csv', 'id,date\n3,2000-01-03\n4,2000-01-04\n');
    expect(next).toMatchObject({ schemaVersion: 2, schemaStatus: 'ACTIVE' });
    const diff = await cli<{ diff: { typeChanged: unknown[] } }>([
      'schemas',
      'diff',
      'hinted',
      '1',
      '2',
    ]);
    expect(diff.diff.typeChanged).toEqual([
      { name: 'date', from: 'string', to: 'date', widening: false },
    ]);
    expect((await versions('hinted'))[1]!.fieldDiff.typeChanged).toEqual(diff.diff.typeChanged);
    const alerts = await cli<{ items: { kind: string; summary?: string }[] }>([
      'alerts',
      '--source',
      'hinted',
    ]);
    expect(JSON.stringify(alerts)).toMatch(/1 retyped/);

    // The published view reads every file in the newest version's types: `date` is a DATE. Text
    // published under version 1 that is no date fails the query, with what to do, never NULL.
    expect((await cli<{ status: string }>(['runs', 'trigger', 'hinted', '--wait'])).status).toBe(
      'PROMOTED',
    );
    const mixed = await runCli(['query', 'SELECT id, date FROM hinted ORDER BY id'], env);
    expect(mixed.code).toBe(3);
    expect(mixed.stderr).toMatch(
      /Conversion Error.*rebuild their partitions with `tributary backfill`/,
    );
    const today = new Date().toISOString().slice(0, 10);
    const rebuilt = await cli<{ status: string; rowsQuarantined: number }>([
      'backfill',
      'hinted',
      '--from',
      today,
      '--to',
      today,
      '--wait',
    ]);
    expect(rebuilt).toMatchObject({ status: 'PROMOTED', rowsQuarantined: 1 });
    const typed = await cli<Row[]>([
      'query',
      'SELECT typeof(date) AS t, count(*)::INT AS n FROM hinted GROUP BY 1',
    ]);
    expect(typed).toEqual([{ t: 'DATE', n: 3 }]);
  });

  it('a partition field that is no date is refused; the run warns when rows have no date', async () => {
    const key = await api.createSource('parts', { scheduleSeconds: null });
    await uploaded('parts', key, 'a.csv', 'id,day,note\n1,2026-01-01,x\n2,,y\n');
    const refused = await runCli(['sources', 'update', 'parts', '--partition-field', 'note'], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/field "note" is string, not a date or timestamp/);
    const missing = await runCli(['sources', 'update', 'parts', '--partition-field', 'nope'], env);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/field "nope" is not in the schema/);

    expect(
      (await runCli(['sources', 'update', 'parts', '--partition-field', 'day'], env)).code,
    ).toBe(0);
    const run = await cli<{ status: string; warnings: string[] }>([
      'runs',
      'trigger',
      'parts',
      '--wait',
    ]);
    expect(run.status).toBe('PROMOTED');
    expect(run.warnings).toEqual([
      '1 rows had no date in "day": published under their landing date',
    ]);
  });
});
