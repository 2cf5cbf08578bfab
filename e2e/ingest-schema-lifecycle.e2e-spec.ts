import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  type DeadLetterEvent,
  type DriftDetectedEvent,
  type FileLandedEvent,
  rawKey,
  type SchemaProfiledEvent,
  topicName,
  TOPIC,
} from '@tributary/contracts';
import { metricValue, PipelineFixture, repoRoot, stackEndpoints } from '@tributary/testkit';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('ingest: upload → raw zone → profiler → schema registry → drift and dead-letter', () => {
  let fx: PipelineFixture;
  let key: string;
  const source = 'orders';

  beforeAll(async () => {
    fx = await PipelineFixture.start('ingest', ['ingest-gateway', 'profiler']);
    key = await fx.createSource(source);
  });
  afterAll(async () => fx?.stop());

  it('lands a CSV untouched, profiles it and records version 1 ACTIVE with a type per column', async () => {
    const csv =
      'order_id,customer,amount,ordered_on,paid\r\n1,ada,12.50,2026-01-02,true\r\n2,"bob, jr",7.25,2026-01-03,false\r\n';
    const upload = await fx.upload(source, key, 'orders 1.csv', csv);
    expect(upload.status).toBe(202);
    const fileId = String(upload.body.fileId);
    expect(upload.body).toMatchObject({
      sourceId: source,
      bytes: Buffer.byteLength(csv),
      sha256: sha256(csv),
      duplicate: false,
    });
    const landingDate = new Date().toISOString().slice(0, 10);
    expect(upload.body.key).toBe(rawKey(source, landingDate, fileId, 'orders 1.csv'));

    const stored = await fx.objects.getBytes(String(upload.body.key));
    expect(sha256(stored.bytes)).toBe(sha256(csv));

    const status = await fx.waitForFileStatus(source, fileId, ['PROFILED']);
    expect(status).toMatchObject({
      schemaVersion: 1,
      schemaStatus: 'ACTIVE',
      rowCount: 2,
      format: 'csv',
    });
    const ledger = await fx.files.get(source, fileId);
    expect(ledger?.record.status).toBe('PROFILED');

    const v1 = await fx.versions.getByNumber(source, 1);
    expect(v1?.record.status).toBe('ACTIVE');
    const types = Object.fromEntries(
      Object.entries(v1!.record.fields).map(([name, f]) => [name, f.type]),
    );
    expect(types).toEqual({
      order_id: 'integer',
      customer: 'string',
      amount: 'double',
      ordered_on: 'date',
      paid: 'boolean',
    });
    expect(v1?.record.fileId).toBe(fileId);
    const item = await fx.kv.get(fx.tables.get('schemaVersions'), {
      partition: source,
      sort: v1!.record.versionKey,
    });
    expect(item?.attributes).toMatchObject({
      source_id: source,
      status: 'ACTIVE',
      compatibility: expect.any(String),
    });
    expect(item?.attributes.version_key).toMatch(/^version#\d{4}-\d{2}-\d{2}T/);
    expect(item?.attributes.field_diff).toBeDefined();

    const profiled = await fx.collect(TOPIC.schemaProfiled);
    await profiled.waitFor<SchemaProfiledEvent>(
      (e) => e.fileId === fileId && e.schemaVersion === 1,
    );
  });

  it('makes a new ACTIVE version when a file adds a column, listing it as added', async () => {
    const csv =
      'order_id,customer,amount,ordered_on,paid,coupon\n3,cy,1.00,2026-01-04,true,WINTER\n';
    const upload = await fx.upload(source, key, 'orders-2.csv', csv);
    const status = await fx.waitForFileStatus(source, String(upload.body.fileId), ['PROFILED']);
    expect(status).toMatchObject({ schemaVersion: 2, schemaStatus: 'ACTIVE' });
    const v2 = (await fx.versions.getByNumber(source, 2))!.record;
    expect(v2.fieldDiff.added).toEqual([{ name: 'coupon', type: 'string' }]);
    expect(v2.fieldDiff.removed).toEqual([]);
    expect(v2.compatibility).toBe('BACKWARD');
    expect((await fx.versions.getByNumber(source, 1))!.record.status).toBe('DEPRECATED');
  });

  it('makes a BREAKING version when a column is missing, publishes drift-detected an outside consumer can decode, and the file status shows it', async () => {
    const csv = 'order_id,customer,ordered_on,paid,coupon\n4,dee,2026-01-05,false,\n';
    const upload = await fx.upload(source, key, 'orders-3.csv', csv);
    const fileId = String(upload.body.fileId);
    const status = await fx.waitForFileStatus(source, fileId, ['PROFILED']);
    expect(status).toMatchObject({ schemaVersion: 3, schemaStatus: 'BREAKING' });
    expect(String(status.reason)).toMatch(/BREAKING.*amount.*missing/);
    const v3 = (await fx.versions.getByNumber(source, 3))!.record;
    expect(v3.status).toBe('BREAKING');
    expect(v3.fieldDiff.removed).toEqual([{ name: 'amount', type: 'double' }]);

    const drift = await fx.collect(TOPIC.driftDetected);
    const event = await drift.waitFor<DriftDetectedEvent>((e) => e.fileId === fileId);
    expect(event).toMatchObject({
      status: 'BREAKING',
      previousVersion: 2,
      newVersion: 3,
      fileName: 'orders-3.csv',
    });
    expect(event.diff.removed).toEqual([{ name: 'amount', type: 'double' }]);
    expect(event.blocked).toMatch(/promotion of source orders is blocked/);

    const env = stackEndpoints();
    const outside = spawnSync(
      process.execPath,
      [
        join(repoRoot(), 'libs/testkit/fixtures/outside-consumer.cjs'),
        env.KAFKA_BROKERS!,
        env.SCHEMA_REGISTRY_URL!,
        topicName(TOPIC.driftDetected, fx.namespace),
        `${fx.namespace}-outsider`,
        '2',
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect(outside.status).toBe(0);
    const decoded = outside.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as DriftDetectedEvent);
    expect(decoded.map((e) => e.status)).toEqual(['ACTIVE', 'BREAKING']);
    expect(decoded[1]).toEqual(event);
  });

  it('dead-letters malformed JSON byte for byte, publishes dead-letter with a reason and counts the failure', async () => {
    const before = metricValue(await fx.metricsText('profiler'), 'profiling_failures_total', {
      source_id: source,
    });
    const broken = Buffer.from(
      '[{"order_id": 1, "customer": "ada"},\n {"order_id": 2, "customer": }]',
    );
    const upload = await fx.upload(source, key, 'broken.json', broken, {
      contentType: 'application/json',
    });
    const fileId = String(upload.body.fileId);
    const status = await fx.waitForFileStatus(source, fileId, ['DEAD_LETTERED']);
    expect(String(status.reason)).toMatch(/line 2/);
    const dead = await fx.objects.getBytes(String(status.deadLetterKey));
    expect(dead.bytes.equals(broken)).toBe(true);
    expect(String(status.deadLetterKey)).toMatch(
      new RegExp(`^dead-letter/source=${source}/date=\\d{4}-\\d{2}-\\d{2}/${fileId}__broken.json$`),
    );
    expect((await fx.objects.getBytes(String(upload.body.key))).bytes.equals(broken)).toBe(true);

    const deadLetters = await fx.collect(TOPIC.deadLetter);
    const event = await deadLetters.waitFor<DeadLetterEvent>((e) => e.fileId === fileId);
    expect(event.reason).toMatch(/line 2/);
    const after = metricValue(await fx.metricsText('profiler'), 'profiling_failures_total', {
      source_id: source,
    });
    expect(after).toBe(before + 1);
  });

  it('dead-letters a file with a column named __proto__ with a reason, instead of losing the field', async () => {
    const otherKey = await fx.createSource('protos');
    const body = 'id,__proto__\n1,x\n';
    const upload = await fx.upload('protos', otherKey, 'proto.csv', body);
    const status = await fx.waitForFileStatus('protos', String(upload.body.fileId), [
      'DEAD_LETTERED',
    ]);
    expect(String(status.reason)).toMatch(/field named "__proto__" is not supported/);
    expect((await fx.objects.getBytes(String(status.deadLetterKey))).bytes.toString()).toBe(body);
  });

  it('re-submits a dead-lettered file for profiling once the source is fixed', async () => {
    const broken = Buffer.from('{"order_id": 9, "customer": "zed"');
    const upload = await fx.upload(source, key, 'late.json', broken, {
      contentType: 'application/json',
    });
    const fileId = String(upload.body.fileId);
    await fx.waitForFileStatus(source, fileId, ['DEAD_LETTERED']);
    const resubmit = await fx.admin('POST', `/v1/admin/sources/${source}/files/${fileId}/resubmit`);
    expect(resubmit.status).toBe(202);
    // Still unparseable: dead-lettered again, and the original is untouched in the raw zone.
    await fx.waitForFileStatus(source, fileId, ['DEAD_LETTERED']);
    const landed = await fx.collect(TOPIC.fileLanded);
    await landed.waitFor<FileLandedEvent>((e) => e.fileId === fileId && e.redelivery);
    expect((await fx.objects.getBytes(String(upload.body.key))).bytes.equals(broken)).toBe(true);
  });

  it('shows the impact of resolving the BREAKING version in a dry run, then applies it', async () => {
    const dry = await fx.admin<{ applied: boolean; plan: Record<string, unknown> }>(
      'POST',
      `/v1/admin/sources/${source}/schemas/3/resolve`,
      {
        action: 'accept',
        note: 'amount moved to the payments feed',
        dryRun: true,
      },
    );
    expect(dry.status).toBe(200);
    expect(dry.body.applied).toBe(false);
    expect(dry.body.plan).toMatchObject({
      activeVersion: 3,
      previousActiveVersion: 2,
      promotionUnblocked: true,
    });
    expect((await fx.versions.getByNumber(source, 3))!.record.status).toBe('BREAKING');

    const applied = await fx.admin<{ applied: boolean }>(
      'POST',
      `/v1/admin/sources/${source}/schemas/3/resolve`,
      {
        action: 'accept',
        note: 'amount moved to the payments feed',
      },
    );
    expect(applied.status).toBe(200);
    expect(applied.body.applied).toBe(true);
    const list = await fx.admin<{
      head: { activeVersion: number; pendingBreaking: string[] };
      versions: { version: number; status: string; note: string }[];
    }>('GET', `/v1/admin/sources/${source}/schemas`);
    expect(list.body.head).toMatchObject({ activeVersion: 3, pendingBreaking: [] });
    expect(list.body.versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'DEPRECATED'],
      [2, 'DEPRECATED'],
      [3, 'ACTIVE'],
    ]);
    expect(list.body.versions[2]!.note).toBe('amount moved to the payments feed');
    const again = await fx.admin('POST', `/v1/admin/sources/${source}/schemas/3/resolve`, {
      action: 'accept',
      note: 'twice',
    });
    expect(again.status).toBe(409);
  });

  it('answers the same upload with the same Idempotency-Key once: one raw object, one event, same fileId', async () => {
    const csv = 'order_id,customer,ordered_on,paid,coupon\n10,eve,2026-01-06,true,X\n';
    const first = await fx.upload(source, key, 'retry.csv', csv, {
      headers: { 'idempotency-key': 'upload-42' },
    });
    const second = await fx.upload(source, key, 'retry.csv', csv, {
      headers: { 'idempotency-key': 'upload-42' },
    });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toMatchObject({
      fileId: first.body.fileId,
      duplicate: true,
      sha256: first.body.sha256,
    });
    const fileId = String(first.body.fileId);
    const prefix = String(first.body.key).slice(0, String(first.body.key).lastIndexOf('/') + 1);
    const objects: string[] = [];
    for await (const o of fx.objects.list(prefix))
      if (o.key.includes('retry.csv')) objects.push(o.key);
    expect(objects).toEqual([first.body.key]);
    await fx.waitForFileStatus(source, fileId, ['PROFILED']);
    const landed = await fx.collect(TOPIC.fileLanded);
    await landed.waitFor<FileLandedEvent>((e) => e.fileId === fileId);
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      landed.matching<FileLandedEvent>((e) => e.fileId === fileId && !e.redelivery),
    ).toHaveLength(1);
    const profiled = await fx.collect(TOPIC.schemaProfiled);
    expect(profiled.matching<SchemaProfiledEvent>((e) => e.fileId === fileId)).toHaveLength(1);

    const different = await fx.upload(
      source,
      key,
      'retry.csv',
      `${csv}11,fay,2026-01-07,false,Y\n`,
      { headers: { 'idempotency-key': 'upload-42' } },
    );
    expect(different.status).toBe(422);
  });
});
