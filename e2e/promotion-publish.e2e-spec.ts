import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LatestPointer,
  PROVENANCE_COLUMNS,
  type RunPromotedEvent,
  type RunSummary,
  runSuccessKey,
  TOPIC,
} from '@tributary/contracts';
import {
  latestPointer,
  PipelineFixture,
  publishedRows,
  queryParquetObjects,
  runCli,
  waitFor,
} from '@tributary/testkit';

interface Row {
  id: number;
  name: string;
  amount: number;
  [key: string]: unknown;
}

const P = PROVENANCE_COLUMNS;

describe('promotion: upload → run → gate → published Parquet, query, provenance, drift, merge, rollback', () => {
  let fx: PipelineFixture;
  const cacheDir = mkdtempSync(join(tmpdir(), 'tributary-query-cache-'));

  beforeAll(async () => {
    fx = await PipelineFixture.start(
      'publish',
      ['ingest-gateway', 'profiler', 'promoter', 'quality'],
      { PROMOTER_TICK_MS: '200' },
    );
  });
  afterAll(async () => {
    await fx?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  async function uploadAll(
    source: string,
    key: string,
    files: Record<string, string>,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const [name, body] of Object.entries(files))
      ids.push(String((await fx.upload(source, key, name, body)).body.fileId));
    for (const id of ids) await fx.waitForFileStatus(source, id, ['PROFILED']);
    return ids;
  }

  async function runAndPublish(source: string): Promise<RunPromotedEvent> {
    const promoted = await fx.collect(TOPIC.runPromoted);
    const { status, body } = await fx.admin<{ runId: string }>(
      'POST',
      `/v1/admin/sources/${source}/runs`,
    );
    expect(status).toBe(202);
    return promoted.waitFor<RunPromotedEvent>(
      (e) => e.runId === body.runId,
      `run-promoted ${body.runId}`,
    );
  }

  function queryEnv(): Record<string, string> {
    return {
      ...fx.env,
      S3_BUCKET: fx.namespace,
      TRIBUTARY_CACHE_DIR: cacheDir,
    };
  }

  it('publishes three uploaded CSV files: rows equal the uploads, _SUCCESS last, pointer, query, PROMOTED files', async () => {
    const key = await fx.createSource('orders');
    const files = {
      'a.csv': 'id,name,amount\n1,ada,12.50\n2,bob,7.25\n',
      'b.csv': 'id,name,amount\n3,"cy, jr",0.10\n4,dee,1000.00\n',
      'c.csv': 'id,name,amount\n5,eve,3.33\n',
    };
    const ids = await uploadAll('orders', key, files);
    const event = await runAndPublish('orders');

    const summary = JSON.parse(
      (await fx.objects.getBytes(runSuccessKey('orders', event.runId))).bytes.toString(),
    ) as RunSummary;
    const keys = summary.partitions.flatMap((p) => p.files.map((f) => f.key));
    const rows = await queryParquetObjects<Row>(fx.objects, keys, 'SELECT * FROM t ORDER BY id');
    expect(rows.map((r) => [r.id, r.name, r.amount])).toEqual([
      [1, 'ada', 12.5],
      [2, 'bob', 7.25],
      [3, 'cy, jr', 0.1],
      [4, 'dee', 1000],
      [5, 'eve', 3.33],
    ]);
    const success = await fx.objects.head(runSuccessKey('orders', event.runId));
    for (const k of keys)
      expect((await fx.objects.head(k))!.lastModified.getTime()).toBeLessThanOrEqual(
        success!.lastModified.getTime(),
      );

    const pointer = (await latestPointer(fx.objects, 'orders'))!;
    expect(pointer.current.partitions.flatMap((p) => p.files.map((f) => f.key)).sort()).toEqual(
      [...keys].sort(),
    );
    expect(
      pointer.current.partitions.every((p) => p.files.every((f) => f.runId === event.runId)),
    ).toBe(true);

    const query = await runCli(
      ['query', 'SELECT id, name FROM orders ORDER BY id', '--json'],
      queryEnv(),
    );
    expect(query.code).toBe(0);
    expect(query.json<{ id: number; name: string }[]>().map((r) => r.name)).toEqual([
      'ada',
      'bob',
      'cy, jr',
      'dee',
      'eve',
    ]);

    for (const id of ids)
      expect(await fx.fileStatus('orders', id)).toMatchObject({
        status: 'PROMOTED',
        runId: event.runId,
      });
  });

  it('leads any published row back to its upload through the provenance columns', async () => {
    const rows = await publishedRows<Row>(fx.objects, 'orders', 'SELECT * FROM t ORDER BY id');
    for (const row of rows) {
      const fileId = String(row[P.fileId]);
      const position = Number(row[P.rowPosition]);
      const ledger = (await fx.files.get('orders', fileId))!.record;
      const raw = (await fx.objects.getBytes(ledger.key)).bytes.toString();
      const line = raw.trimEnd().split('\n')[position]!; // line 0 is the header
      expect(line.startsWith(`${row.id},`)).toBe(true);
      expect(row[P.runId]).toMatch(/^\d{8}T\d{6}Z-/);
    }
  });

  it('evolves additively into a new schema_v: old rows read null for the new column, new rows have values', async () => {
    const key = (await fx.admin<{ apiKey: string }>('POST', '/v1/admin/sources/orders/rotate-key'))
      .body.apiKey;
    await uploadAll('orders', key, { 'd.csv': 'id,name,amount,coupon\n6,fay,5.00,WINTER\n' });
    const event = await runAndPublish('orders');
    expect(event.schemaVersion).toBe(2);
    const pointer = (await latestPointer(fx.objects, 'orders'))!;
    const versions = new Set(
      pointer.current.partitions.flatMap((p) => p.files.map((f) => f.schemaVersion)),
    );
    expect([...versions].sort()).toEqual([1, 2]);
    expect(
      pointer.current.partitions
        .flatMap((p) => p.files)
        .some((f) => f.key.includes('/schema_v=2/')),
    ).toBe(true);
    const query = await runCli(
      ['query', 'SELECT id, coupon FROM orders ORDER BY id', '--json'],
      queryEnv(),
    );
    expect(query.json<{ id: number; coupon: string | null }[]>()).toEqual([
      { id: 1, coupon: null },
      { id: 2, coupon: null },
      { id: 3, coupon: null },
      { id: 4, coupon: null },
      { id: 5, coupon: null },
      { id: 6, coupon: 'WINTER' },
    ]);
  });

  it('rolls back to the previous state: the query result equals the earlier one exactly', async () => {
    const before = await publishedRows(fx.objects, 'orders', 'SELECT id, name FROM t ORDER BY id');
    const previous: LatestPointer = (await latestPointer(fx.objects, 'orders'))!;
    const rollback = await runCli(['runs', 'rollback', 'orders', '--json'], {
      ...queryEnv(),
      TRIBUTARY_QUALITY_URL: fx.service('quality').url,
      TRIBUTARY_ADMIN_TOKEN: fx.adminToken,
    });
    expect(rollback.code).toBe(0);
    const after = (await latestPointer(fx.objects, 'orders'))!;
    expect(after.current.revision).toBe(previous.current.revision + 1);
    expect(after.current.partitions).toEqual(previous.previous[0]!.partitions);
    const rows = await publishedRows<{ id: number }>(
      fx.objects,
      'orders',
      'SELECT id, name FROM t ORDER BY id',
    );
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(before).toHaveLength(6);
  });

  it('merge mode: re-uploading changed rows for existing keys leaves one row per key with the new values', async () => {
    const key = await fx.createSource('customers', { writeMode: 'merge', primaryKey: ['id'] });
    await uploadAll('customers', key, {
      'v1.csv': 'id,name,tier\n1,ada,gold\n2,bob,silver\n3,cy,bronze\n',
    });
    await runAndPublish('customers');
    await uploadAll('customers', key, {
      'v2.csv': 'id,name,tier\n2,bob,gold\n3,cy,silver\n4,dee,bronze\n',
    });
    await runAndPublish('customers');
    const rows = await publishedRows<{ id: number; tier: string }>(
      fx.objects,
      'customers',
      'SELECT id, tier FROM t ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 1, tier: 'gold' },
      { id: 2, tier: 'gold' },
      { id: 3, tier: 'silver' },
      { id: 4, tier: 'bronze' },
    ]);
    // Re-running the same batch yields the same published data.
    const again = await fx.admin<{ runId: string }>('POST', '/v1/admin/sources/customers/runs');
    await waitFor(
      async () =>
        ['PROMOTED', 'REJECTED'].includes(
          (
            await fx.admin<{ status: string }>(
              'GET',
              `/v1/admin/sources/customers/runs/${again.body.runId}`,
            )
          ).body.status,
        ),
      {
        what: 'empty re-run settled',
      },
    );
    expect(
      await publishedRows(fx.objects, 'customers', 'SELECT id, tier FROM t ORDER BY id'),
    ).toEqual(rows);
  });

  it('publishes columns named like object members (constructor, toString) or like a provenance column', async () => {
    const key = await fx.createSource('internals');
    const [fileId] = await uploadAll('internals', key, {
      'i.csv': 'id,constructor,toString,valueOf,_tributary_file_id\n1,c1,t1,v1,m1\n2,c2,t2,v2,m2\n',
    });
    await runAndPublish('internals');
    const rows = await publishedRows<Record<string, unknown>>(fx.objects, 'internals');
    expect(rows.map((row) => row[P.fileId])).toEqual([fileId, fileId]);
    const provenance: string[] = Object.values(P);
    const values = rows
      .map((row) => Object.entries(row).filter(([name]) => !provenance.includes(name)))
      .sort((a, b) => Number(a[0]![1]) - Number(b[0]![1]));
    expect(values).toEqual([
      [
        ['id', 1],
        ['constructor', 'c1'],
        ['tostring', 't1'],
        ['valueof', 'v1'],
        ['_tributary_file_id_2', 'm1'],
      ],
      [
        ['id', 2],
        ['constructor', 'c2'],
        ['tostring', 't2'],
        ['valueof', 'v2'],
        ['_tributary_file_id_2', 'm2'],
      ],
    ]);
  });

  it('skips a source with a BREAKING version while another source publishes', async () => {
    const blockedKey = await fx.createSource('held');
    await uploadAll('held', blockedKey, { 'h1.csv': 'id,name,amount\n1,a,1.5\n' });
    await uploadAll('held', blockedKey, { 'h2.csv': 'id,name\n2,b\n' });
    const freeKey = await fx.createSource('flowing');
    await uploadAll('flowing', freeKey, { 'f1.csv': 'id,name\n1,x\n' });
    // A person's trigger is refused at once, naming the command that releases the source.
    const held = await fx.admin<{ type: string; detail: string }>(
      'POST',
      '/v1/admin/sources/held/runs',
    );
    expect(held.status).toBe(409);
    expect(held.body.type).toMatch(/source-blocked$/);
    expect(held.body.detail).toMatch(
      /schema version 2 is BREAKING.*tributary schemas resolve held 2 --accept/,
    );
    await runAndPublish('flowing');

    // A scheduled request is declined by the promoter; the run id it was given says why.
    await fx.admin('PATCH', '/v1/admin/sources/held', { scheduleSeconds: 1 });
    const pipeline = await waitFor(
      async () => {
        const { body } = await fx.admin<{
          lastError: string | null;
          declined?: { runId: string } | null;
        }>('GET', '/v1/admin/sources/held/pipeline');
        return body.lastError?.includes('BREAKING') && body.declined ? body : undefined;
      },
      { what: 'held source skipped' },
    );
    await fx.admin('PATCH', '/v1/admin/sources/held', { scheduleSeconds: null });
    const declined = await fx.admin<{ type: string; detail: string }>(
      'GET',
      `/v1/admin/sources/held/runs/${pipeline.declined!.runId}`,
    );
    expect(declined.status).toBe(404);
    expect(declined.body.type).toMatch(/run-not-started$/);
    expect(declined.body.detail).toMatch(
      /was requested but not started: blocked: schema version 2 is BREAKING.*schemas resolve held 2/,
    );
    expect(await latestPointer(fx.objects, 'held')).toBeUndefined();
    expect((await publishedRows(fx.objects, 'flowing')).length).toBe(1);

    // Following a run of the held source ends at once with the reason and the command.
    const followed = await runCli(['runs', 'trigger', 'held', '--wait', '--timeout', '120'], {
      ...fx.env,
      TRIBUTARY_URL: fx.gatewayUrl,
      TRIBUTARY_ADMIN_TOKEN: fx.adminToken,
    });
    expect(followed.code).toBe(7);
    expect(followed.stderr).toMatch(
      /schema version 2 is BREAKING.*tributary schemas resolve held 2/,
    );
  });

  it('backfills one past date: only that partition is rewritten, every other run file stays byte-identical', async () => {
    const key = await fx.createSource('events', { partitionField: 'day' });
    await uploadAll('events', key, {
      'e1.csv': 'id,day,v\n1,2026-01-01,a\n2,2026-01-02,b\n3,2026-01-03,c\n',
    });
    await runAndPublish('events');
    const before = (await latestPointer(fx.objects, 'events'))!;
    const checksums = new Map<string, string>();
    for (const f of before.current.partitions.flatMap((p) => p.files)) {
      checksums.set(
        f.key,
        createHash('sha256')
          .update((await fx.objects.getBytes(f.key)).bytes)
          .digest('hex'),
      );
    }
    // Late data for 2026-01-02 arrives; a backfill rewrites just that partition.
    await uploadAll('events', key, { 'late.csv': 'id,day,v\n4,2026-01-02,late\n' });
    const promoted = await fx.collect(TOPIC.runPromoted);
    const backfill = await fx.admin<{ runId: string }>(
      'POST',
      '/v1/admin/sources/events/backfills',
      { from: '2026-01-02', to: '2026-01-02' },
    );
    expect(backfill.body.runId).toMatch(/_BACKFILL$/);
    await promoted.waitFor<RunPromotedEvent>((e) => e.runId === backfill.body.runId);
    const after = (await latestPointer(fx.objects, 'events'))!;
    const byDate = (p: LatestPointer) =>
      Object.fromEntries(p.current.partitions.map((x) => [x.date, x.files.map((f) => f.key)]));
    expect(byDate(after)['2026-01-01']).toEqual(byDate(before)['2026-01-01']);
    expect(byDate(after)['2026-01-03']).toEqual(byDate(before)['2026-01-03']);
    expect(byDate(after)['2026-01-02']!.every((k) => k.includes(backfill.body.runId))).toBe(true);
    for (const [k, sum] of checksums) {
      expect(
        createHash('sha256')
          .update((await fx.objects.getBytes(k)).bytes)
          .digest('hex'),
      ).toBe(sum);
    }
    const rows = await publishedRows<{ id: number; v: string }>(
      fx.objects,
      'events',
      'SELECT id, v FROM t ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: 'b' },
      { id: 3, v: 'c' },
      { id: 4, v: 'late' },
    ]);
  });
});
