import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FileRecord,
  MAX_ROW_ATTEMPTS,
  parseObjectKey,
  rawKey,
  type ResubmittedRow,
  runSuccessKey,
  sourcePrefix,
  ZONE,
} from '@tributary/contracts';
import {
  activateSchema,
  completeRun,
  ORDER_COLUMNS,
  orderRows,
  PipelineFixture,
  qualityAdmin,
  qualityCliEnv,
  readPointer,
  runCli,
  waitForDecision,
  writeCompletedRun,
  writeCondemnedRows,
} from '@tributary/testkit';

interface RowView {
  runId: string;
  fileId: string;
  rowPosition: number;
  original: Record<string, unknown>;
  attemptCount: number;
  resubmittedIn: string | null;
}

interface ResubmitView {
  fileId: string;
  key: string;
  rows: number;
  corrected: number;
  approved: boolean;
  schemaVersion: number;
}

describe('quality: quarantine workflow, condemned rows, retention, and their commands', () => {
  let fx: PipelineFixture;
  let env: Record<string, string>;

  beforeAll(async () => {
    fx = await PipelineFixture.start('quality-quarantine', ['ingest-gateway', 'quality']);
    env = qualityCliEnv(fx);
  });
  afterAll(async () => fx?.stop());

  async function cli<T>(args: string[]): Promise<T> {
    const result = await runCli(args, env);
    if (result.code !== 0)
      throw new Error(`tributary ${args.join(' ')}: ${result.code} ${result.stderr}`);
    return result.json<T>();
  }

  async function retryFile(
    fileId: string,
  ): Promise<{ record: FileRecord; rows: ResubmittedRow[] }> {
    const record = (await fx.files.get('bad-rows', fileId))!.record;
    const text = (await fx.objects.getBytes(record.key)).bytes.toString('utf8');
    return {
      record,
      rows: text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ResubmittedRow),
    };
  }

  it('lists quarantined rows, re-submits them (corrected or as they were) as a retry file recorded for the next run', async () => {
    await fx.createSource('bad-rows', { quarantineThreshold: 0.5 });
    const schema = await activateSchema(fx, 'bad-rows', {
      id: 'integer',
      name: 'string',
      amount: 'double',
      status: 'string',
    });
    const run = await completeRun(fx, {
      sourceId: 'bad-rows',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(20) }],
      quarantined: [
        { id: '900', amount: 'abc' },
        { id: '901', amount: 'n/a' },
        { id: '902', amount: '?' },
      ],
    });
    expect((await waitForDecision(fx, 'bad-rows', run.runId)).status).toBe('PROMOTED');

    const listed = await cli<{ items: RowView[] }>([
      'quarantine',
      'list',
      'bad-rows',
      '--run',
      run.runId,
      '--json',
    ]);
    expect(listed.items).toHaveLength(3);
    expect(listed.items.map((r) => r.original.id)).toEqual(['900', '901', '902']);
    expect(
      listed.items.every(
        (r) => r.runId === run.runId && r.attemptCount === 1 && r.resubmittedIn === null,
      ),
    ).toBe(true);
    const [a, b, c] = listed.items as [RowView, RowView, RowView];

    // One corrected (values replace the row), one as it was.
    const rowsFile = join(tmpdir(), `${fx.namespace}-rows.json`);
    writeFileSync(
      rowsFile,
      JSON.stringify([
        {
          fileId: a.fileId,
          rowPosition: a.rowPosition,
          values: { id: 900, name: 'fixed', amount: 12.5, status: 'new' },
        },
      ]),
    );
    const sent = await cli<ResubmitView>([
      'quarantine',
      'resubmit',
      'bad-rows',
      '--run',
      run.runId,
      '--rows-file',
      rowsFile,
      '--row',
      `${b.fileId}:${b.rowPosition}`,
      '--json',
    ]);
    expect(sent).toMatchObject({
      rows: 2,
      corrected: 1,
      approved: false,
      schemaVersion: schema.version,
    });
    // The key is the raw zone's, built by the layout from the retry file's name.
    expect(sent.key).toBe(
      rawKey(
        'bad-rows',
        sent.key.split('date=')[1]!.slice(0, 10),
        sent.fileId,
        `retry__quarantine-${run.runId}.ndjson`,
      ),
    );
    expect(parseObjectKey(sent.key)).toMatchObject({
      zone: 'raw',
      sourceId: 'bad-rows',
      fileId: sent.fileId,
    });
    const retry = await retryFile(sent.fileId);
    expect(retry.record).toMatchObject({
      status: 'PROFILED',
      contentType: 'application/x-ndjson',
      retryOf: run.runId,
      schemaVersion: 1,
      rowCount: 2,
      key: sent.key,
    });
    // --row rows first, then those of --rows-file.
    expect(retry.rows).toEqual([
      {
        values: b.original,
        origin: {
          fileId: b.fileId,
          rowPosition: b.rowPosition,
          attemptCount: 1,
          retryHistory: [],
          approved: false,
        },
      },
      {
        values: { id: 900, name: 'fixed', amount: 12.5, status: 'new' },
        origin: {
          fileId: a.fileId,
          rowPosition: a.rowPosition,
          attemptCount: 1,
          retryHistory: [],
          approved: false,
        },
      },
    ]);

    const twice = await runCli(
      [
        'quarantine',
        'resubmit',
        'bad-rows',
        '--run',
        run.runId,
        '--row',
        `${a.fileId}:${a.rowPosition}`,
      ],
      env,
    );
    expect(twice.code).toBe(7);
    expect(twice.stderr).toMatch(/already re-submitted/);
    const shown = await cli<{ items: RowView[] }>(['quarantine', 'list', 'bad-rows', '--json']);
    expect(shown.items.find((r) => r.rowPosition === a.rowPosition)?.resubmittedIn).toBe(
      sent.fileId,
    );
    expect(shown.items.find((r) => r.rowPosition === c.rowPosition)?.resubmittedIn).toBeNull();

    const unknown = await qualityAdmin(
      fx,
      'POST',
      '/v1/admin/sources/bad-rows/quarantine/resubmit',
      {
        runId: run.runId,
        rows: [{ fileId: c.fileId, rowPosition: 9999 }],
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toMatch(/application\/problem\+json/);
    const invalid = await qualityAdmin(
      fx,
      'POST',
      '/v1/admin/sources/bad-rows/quarantine/resubmit',
      { runId: 'x', rows: [] },
    );
    expect(invalid.status).toBe(400);
    expect(
      (await fetch(`${fx.service('quality').url}/v1/admin/sources/bad-rows/quarantine`)).status,
    ).toBe(401);
  });

  it(`refuses rows that reached ${MAX_ROW_ATTEMPTS} attempts; condemned rows go back only when approved`, async () => {
    const run = await writeCompletedRun(fx, {
      sourceId: 'bad-rows',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-02', rows: orderRows(10, 500) }],
      quarantined: [{ id: '950', amount: 'still bad' }],
      quarantineAttempt: MAX_ROW_ATTEMPTS,
    });
    const [exhausted] = (
      await cli<{ items: RowView[] }>([
        'quarantine',
        'list',
        'bad-rows',
        '--run',
        run.runId,
        '--json',
      ])
    ).items;
    const refused = await runCli(
      [
        'quarantine',
        'resubmit',
        'bad-rows',
        '--run',
        run.runId,
        '--row',
        `${exhausted!.fileId}:${exhausted!.rowPosition}`,
      ],
      env,
    );
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/condemned; only an explicit approval/);

    const condemnedKey = await writeCondemnedRows(fx, 'bad-rows', run.runId, [
      { fileId: run.inputFileIds[0]!, rowPosition: 77, original: { id: '960', amount: 'bad' } },
      { fileId: run.inputFileIds[0]!, rowPosition: 78, original: { id: '961', amount: 'bad' } },
    ]);
    expect(parseObjectKey(condemnedKey)).toMatchObject({ zone: 'condemned' });
    const condemned = await cli<{ items: RowView[] }>([
      'quarantine',
      'condemned',
      'bad-rows',
      '--json',
    ]);
    expect(condemned.items.map((r) => [r.rowPosition, r.attemptCount])).toEqual([
      [77, 3],
      [78, 3],
    ]);
    const notApproved = await qualityAdmin(
      fx,
      'POST',
      '/v1/admin/sources/bad-rows/quarantine/resubmit',
      {
        runId: run.runId,
        rows: [{ fileId: run.inputFileIds[0], rowPosition: 77 }],
      },
    );
    expect(notApproved.status).toBe(404);

    const approved = await cli<ResubmitView>([
      'quarantine',
      'approve',
      'bad-rows',
      '--run',
      run.runId,
      '--row',
      `${run.inputFileIds[0]}:77`,
      '--row',
      `${exhausted!.fileId}:${exhausted!.rowPosition}`,
      '--json',
    ]);
    expect(approved).toMatchObject({ rows: 2, approved: true });
    const retry = await retryFile(approved.fileId);
    expect(retry.record).toMatchObject({ status: 'PROFILED', retryOf: run.runId });
    expect(
      retry.rows.map((r) => [r.origin.rowPosition, r.origin.attemptCount, r.origin.approved]),
    ).toEqual([
      [77, 3, true],
      [exhausted!.rowPosition, 3, true],
    ]);
    expect(retry.rows[0]!.origin.retryHistory).toHaveLength(1);
  });

  it('retention lists and deletes only runs no state references, leaving referenced files untouched', async () => {
    await fx.createSource('keep');
    const first = await completeRun(fx, {
      sourceId: 'keep',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(10) }],
    });
    await waitForDecision(fx, 'keep', first.runId);
    const rejected = await completeRun(fx, {
      sourceId: 'keep',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(1, 100) }],
      quarantined: 9,
    });
    expect((await waitForDecision(fx, 'keep', rejected.runId)).status).toBe('REJECTED');
    const second = await completeRun(fx, {
      sourceId: 'keep',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-02', rows: orderRows(10, 200) }],
    });
    await waitForDecision(fx, 'keep', second.runId);
    const inFlight = await writeCompletedRun(fx, {
      sourceId: 'keep',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-03', rows: orderRows(3, 300) }],
    });

    const curated = async () => {
      const out = new Map<string, string>();
      for await (const o of fx.objects.list(sourcePrefix(ZONE.curated, 'keep')))
        out.set(o.key, o.etag);
      return out;
    };
    const before = await curated();
    const pointerBefore = await readPointer(fx, 'keep');

    const dry = await cli<{
      dryRun: boolean;
      runs: { runId: string; status: string; objects: { key: string }[] }[];
      kept: { runId: string; reason: string }[];
      deletedObjects: number;
    }>(['retention', 'keep', '--dry-run', '--json']);
    expect(dry.dryRun).toBe(true);
    expect(dry.deletedObjects).toBe(0);
    expect(dry.runs.map((r) => [r.runId, r.status])).toEqual([[rejected.runId, 'REJECTED']]);
    expect(dry.runs[0]!.objects.map((o) => o.key).sort()).toEqual(
      [...rejected.dataKeys, runSuccessKey('keep', rejected.runId)].sort(),
    );
    expect(dry.kept).toEqual(
      expect.arrayContaining([
        { runId: first.runId, reason: 'referenced' },
        { runId: second.runId, reason: 'referenced' },
        { runId: inFlight.runId, reason: 'in-flight' },
      ]),
    );
    expect(await curated()).toEqual(before);

    const done = await cli<{ dryRun: boolean; deletedObjects: number; runs: { runId: string }[] }>([
      'retention',
      'keep',
      '--json',
    ]);
    expect(done).toMatchObject({ dryRun: false, deletedObjects: rejected.dataKeys.length + 1 });
    const after = await curated();
    for (const key of [...rejected.dataKeys, runSuccessKey('keep', rejected.runId)])
      expect(after.has(key)).toBe(false);
    // Everything else is exactly as it was, ETags included.
    for (const [key, etag] of before)
      if (!key.includes(rejected.runId)) expect(after.get(key)).toBe(etag);
    expect(after.size).toBe(before.size - rejected.dataKeys.length - 1);
    expect(await readPointer(fx, 'keep')).toEqual(pointerBefore);

    // After a rollback the first state is current again; its files were never at risk.
    await cli(['runs', 'rollback', 'keep', '--steps', '1', '--json']);
    expect(
      (await cli<{ runs: unknown[] }>(['retention', 'keep', '--dry-run', '--json'])).runs,
    ).toEqual([]);
  });

  it('gates a completed run on request (runs gate) and answers every command’s --help', async () => {
    await fx.createSource('on-demand', { quarantineThreshold: 0.1 });
    const run = await writeCompletedRun(fx, {
      sourceId: 'on-demand',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(10) }],
    });
    const gated = await cli<{ outcome: string; status: string; pointerRevision: number }>([
      'runs',
      'gate',
      'on-demand',
      run.runId,
      '--json',
    ]);
    expect(gated).toMatchObject({ outcome: 'promoted', status: 'PROMOTED', pointerRevision: 1 });
    expect(await cli(['runs', 'gate', 'on-demand', run.runId, '--json'])).toMatchObject({
      outcome: 'skipped',
      status: 'PROMOTED',
    });
    const bad = await writeCompletedRun(fx, {
      sourceId: 'on-demand',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(1, 50) }],
      quarantined: 1,
    });
    const rejected = await runCli(['runs', 'gate', 'on-demand', bad.runId, '--json'], env);
    expect(rejected.code).toBe(3);
    expect(rejected.json()).toMatchObject({
      status: 'REJECTED',
      failedChecks: [{ check: 'quarantine_rate' }],
    });
    expect(
      (await runCli(['runs', 'gate', 'on-demand', '20260101T000000Z-zzzzzzzz'], env)).code,
    ).toBe(4);
    expect((await runCli(['runs', 'pointer', 'nobody'], env)).code).toBe(4);
    expect(
      (
        await runCli(['runs', 'pointer', 'on-demand'], {
          ...env,
          TRIBUTARY_ADMIN_TOKEN: 'wrong-token-0123456789',
        })
      ).code,
    ).toBe(5);

    for (const args of [
      ['query', '--help'],
      ['retention', '--help'],
      ['quarantine', '--help'],
      ['quarantine', 'list', '--help'],
      ['quarantine', 'resubmit', '--help'],
      ['quarantine', 'condemned', '--help'],
      ['quarantine', 'approve', '--help'],
      ['runs', 'pointer', '--help'],
      ['runs', 'rollback', '--help'],
      ['runs', 'gate', '--help'],
    ]) {
      const help = await runCli(args, env);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Usage: tributary/);
    }
    expect(
      (await runCli(['quarantine', 'resubmit', 'on-demand', '--run', run.runId], env)).code,
    ).toBe(2);
    expect((await runCli(['runs', 'rollback', 'on-demand', '--to', 'zero'], env)).code).toBe(2);
  });
});
