import {
  type RunPromotedEvent,
  type RunRejectedEvent,
  runSuccessKey,
  TOPIC,
} from '@tributary/contracts';
import {
  completeRun,
  getRun,
  metricValue,
  ORDER_COLUMNS,
  orderRows,
  PipelineFixture,
  publishRunCompleted,
  readPointer,
  waitForDecision,
  type WrittenRun,
} from '@tributary/testkit';

/** A run of 10,000 rows in, `bad` of them quarantined. */
function boundaryRun(sourceId: string, bad: number) {
  return {
    sourceId,
    columns: ORDER_COLUMNS,
    partitions: [
      { date: '2026-01-01', rows: orderRows(5000 - bad, 1) },
      { date: '2026-01-02', rows: orderRows(5000, 100_000) },
    ],
    quarantined: bad,
    inputFiles: 3,
  };
}

async function allExist(fx: PipelineFixture, run: WrittenRun): Promise<boolean> {
  const keys = [...run.dataKeys, ...run.quarantineKeys, runSuccessKey(run.sourceId, run.runId)];
  const heads = await Promise.all(keys.map((k) => fx.objects.head(k)));
  return heads.every((h) => h !== undefined);
}

describe('quality gate: quarantine rate, reconciliation, column checks, empty batches', () => {
  let fx: PipelineFixture;

  beforeAll(async () => {
    fx = await PipelineFixture.start('quality-gate', ['ingest-gateway', 'quality']);
  });
  afterAll(async () => fx?.stop());

  it('publishes at 4.99 % quarantined and rejects at 5.00 % and 5.01 % (strictly below 5 %)', async () => {
    const promoted = await fx.collect(TOPIC.runPromoted);
    const rejected = await fx.collect(TOPIC.runRejected);
    for (const id of ['rate-499', 'rate-500', 'rate-501']) await fx.createSource(id);

    const pass = await completeRun(fx, boundaryRun('rate-499', 499));
    const at = await completeRun(fx, boundaryRun('rate-500', 500));
    const over = await completeRun(fx, boundaryRun('rate-501', 501));
    for (const run of [pass, at, over]) expect(run.summary.rowsIn).toBe(10_000);

    expect(await waitForDecision(fx, 'rate-499', pass.runId)).toMatchObject({
      status: 'PROMOTED',
      failedChecks: [],
    });
    const event = await promoted.waitFor<RunPromotedEvent>((e) => e.runId === pass.runId);
    expect(event).toMatchObject({
      sourceId: 'rate-499',
      pointerRevision: 1,
      rowsOut: 9501,
      partitions: ['2026-01-01', '2026-01-02'],
      executionId: pass.summary.executionId,
    });
    const pointer = (await readPointer(fx, 'rate-499'))!.pointer;
    expect(pointer.current).toMatchObject({ revision: 1, cause: `run:${pass.runId}` });
    expect(pointer.current.partitions.flatMap((p) => p.files.map((f) => f.key))).toEqual(
      pass.dataKeys,
    );
    for (const fileId of pass.inputFileIds) {
      expect((await fx.files.get('rate-499', fileId))?.record).toMatchObject({
        status: 'PROMOTED',
        runId: pass.runId,
      });
    }

    for (const [sourceId, run, shown] of [
      ['rate-500', at, '5 %'],
      ['rate-501', over, '5.01 %'],
    ] as const) {
      const record = await waitForDecision(fx, sourceId, run.runId);
      expect(record.status).toBe('REJECTED');
      expect(record.failedChecks).toEqual([
        {
          check: 'quarantine_rate',
          detail: expect.stringContaining(`(${shown}); must be below 5 %`) as string,
        },
      ]);
      const rejection = await rejected.waitFor<RunRejectedEvent>((e) => e.runId === run.runId);
      expect(rejection).toMatchObject({
        sourceId,
        rowsIn: 10_000,
        rowsQuarantined: run.summary.rowsQuarantined,
        failedChecks: record.failedChecks,
      });
      // The pointer is untouched and the rejected run stays whole for audit.
      expect(await readPointer(fx, sourceId)).toBeUndefined();
      expect(await allExist(fx, run)).toBe(true);
      for (const fileId of run.inputFileIds)
        // A rejected run's files leave the queue, so schedules do not reject them again.
        expect((await fx.files.get(sourceId, fileId))?.record.status).toBe('QUARANTINED');
    }

    const metrics = await fx.metricsText('quality');
    expect(metricValue(metrics, 'runs_total', { source_id: 'rate-499', outcome: 'promoted' })).toBe(
      1,
    );
    expect(metricValue(metrics, 'runs_total', { source_id: 'rate-500', outcome: 'rejected' })).toBe(
      1,
    );
    expect(metricValue(metrics, 'rows_promoted_total', { source_id: 'rate-499' })).toBe(9501);
    expect(metricValue(metrics, 'rows_quarantined_total', { source_id: 'rate-501' })).toBe(501);
    expect(metrics).toMatch(/data_freshness_lag_seconds\{[^}]*source_id="rate-499"/);
    expect(metrics).toMatch(
      /quality_gate_duration_seconds_count\{[^}]*outcome="rejected"[^}]*\} [1-9]/,
    );
  });

  it('an empty batch passes but is a no-op: no pointer written, no new revision, run PROMOTED', async () => {
    const promoted = await fx.collect(TOPIC.runPromoted);
    await fx.createSource('empty');
    const first = await completeRun(fx, {
      sourceId: 'empty',
      columns: ORDER_COLUMNS,
      partitions: [],
    });
    expect(first.summary).toMatchObject({ rowsIn: 0, rowsOut: 0, partitions: [] });
    expect((await waitForDecision(fx, 'empty', first.runId)).status).toBe('PROMOTED');
    expect(await promoted.waitFor<RunPromotedEvent>((e) => e.runId === first.runId)).toMatchObject({
      pointerRevision: 0,
      rowsOut: 0,
      partitions: [],
    });
    // No state with no change: there was none, and an empty run does not create one.
    expect(await readPointer(fx, 'empty')).toBeUndefined();
    for (const fileId of first.inputFileIds)
      expect((await fx.files.get('empty', fileId))?.record.status).toBe('PROMOTED');

    const data = await completeRun(fx, {
      sourceId: 'empty',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(10) }],
    });
    await waitForDecision(fx, 'empty', data.runId);
    const before = (await readPointer(fx, 'empty'))!;
    expect(before.pointer.current.revision).toBe(1);

    const second = await completeRun(fx, {
      sourceId: 'empty',
      columns: ORDER_COLUMNS,
      partitions: [],
    });
    expect((await waitForDecision(fx, 'empty', second.runId)).status).toBe('PROMOTED');
    expect(await promoted.waitFor<RunPromotedEvent>((e) => e.runId === second.runId)).toMatchObject(
      { pointerRevision: 1 },
    );
    const after = (await readPointer(fx, 'empty'))!;
    expect(after.etag).toBe(before.etag);
    expect(after.pointer).toEqual(before.pointer);
    expect(
      metricValue(await fx.metricsText('quality'), 'runs_total', {
        source_id: 'empty',
        outcome: 'empty',
      }),
    ).toBe(2);
  });

  it('rejects a run whose rows do not reconcile with the Parquet (counted with DuckDB)', async () => {
    await fx.createSource('recon');
    const run = await completeRun(fx, {
      sourceId: 'recon',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(100) }],
      quarantined: 2,
      // The summary claims one more valid row than the Parquet holds.
      totals: { rowsIn: 103, rowsOut: 101 },
    });
    const record = await waitForDecision(fx, 'recon', run.runId);
    expect(record.status).toBe('REJECTED');
    expect(record.failedChecks.map((c) => c.check).sort()).toEqual([
      'input_counts',
      'parquet_rows',
    ]);
    expect(record.failedChecks.find((c) => c.check === 'parquet_rows')?.detail).toBe(
      'Parquet holds 100 rows but the run says 101 rows out',
    );
    expect(await readPointer(fx, 'recon')).toBeUndefined();
  });

  it('never trusts a run without its _SUCCESS summary', async () => {
    await fx.createSource('nosuccess');
    const run = await completeRun(fx, {
      sourceId: 'nosuccess',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(5) }],
      withoutSuccess: true,
    });
    const record = await waitForDecision(fx, 'nosuccess', run.runId);
    expect(record).toMatchObject({ status: 'REJECTED' });
    expect(record.failedChecks).toEqual([
      { check: 'success_marker', detail: expect.stringMatching(/_SUCCESS is missing/) as string },
    ]);
    expect(await readPointer(fx, 'nosuccess')).toBeUndefined();
  });

  it('evaluates the source’s column checks over the run’s Parquet with DuckDB', async () => {
    const rejected = await fx.collect(TOPIC.runRejected);
    const columnChecks = [
      { kind: 'not_null', column: 'name' },
      { kind: 'unique', column: 'id' },
      { kind: 'range', column: 'amount', min: 0, max: 1000 },
      { kind: 'accepted_values', column: 'status', values: ['new', 'shipped'] },
    ];
    await fx.createSource('checked', { columnChecks });

    const clean = await completeRun(fx, {
      sourceId: 'checked',
      columns: ORDER_COLUMNS,
      partitions: [
        {
          date: '2026-01-01',
          rows: orderRows(50, 1, (id) => ({ status: id % 2 ? 'new' : 'shipped' })),
        },
      ],
    });
    expect((await waitForDecision(fx, 'checked', clean.runId)).status).toBe('PROMOTED');

    const dirty = await completeRun(fx, {
      sourceId: 'checked',
      columns: ORDER_COLUMNS,
      partitions: [
        {
          date: '2026-01-02',
          rows: [
            ...orderRows(10, 100),
            { id: 100, name: null, amount: 5, status: 'new' },
            { id: 200, name: 'x', amount: -3, status: 'lost' },
            { id: 201, name: 'y', amount: 5000, status: null },
          ],
        },
      ],
    });
    const record = await waitForDecision(fx, 'checked', dirty.runId);
    expect(record.status).toBe('REJECTED');
    const byCheck = Object.fromEntries(record.failedChecks.map((c) => [c.check, c.detail]));
    expect(byCheck).toEqual({
      'column:not_null:name': 'name must not be null: 1 rows violate it',
      'column:unique:id': 'id must be unique: 1 duplicate rows, e.g. 100',
      'column:range:amount':
        'amount must be a number ≥ 0 and ≤ 1000: 2 rows violate it, e.g. -3.0, 5000.0',
      'column:accepted_values:status':
        'status must be one of new, shipped: 1 rows violate it, e.g. lost',
    });
    const event = await rejected.waitFor<RunRejectedEvent>((e) => e.runId === dirty.runId);
    expect(event.failedChecks).toEqual(record.failedChecks);
    expect((await readPointer(fx, 'checked'))!.pointer.current.cause).toBe(`run:${clean.runId}`);
  });

  it('a redelivered run-completed changes nothing, for a published and for a rejected run', async () => {
    const promoted = await fx.collect(TOPIC.runPromoted);
    const rejected = await fx.collect(TOPIC.runRejected);
    await fx.createSource('redeliver');
    const good = await completeRun(fx, {
      sourceId: 'redeliver',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(20) }],
    });
    const bad = await completeRun(fx, {
      sourceId: 'redeliver',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(1, 50) }],
      quarantined: 5,
    });
    const goodRecord = await waitForDecision(fx, 'redeliver', good.runId);
    const badRecord = await waitForDecision(fx, 'redeliver', bad.runId);
    expect([goodRecord.status, badRecord.status]).toEqual(['PROMOTED', 'REJECTED']);
    const before = (await readPointer(fx, 'redeliver'))!;

    await publishRunCompleted(fx, good);
    await publishRunCompleted(fx, bad);
    // A later run behind the redeliveries in the same partition proves they were handled.
    const marker = await completeRun(fx, {
      sourceId: 'redeliver',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-03', rows: orderRows(1, 99) }],
    });
    await waitForDecision(fx, 'redeliver', marker.runId);

    const after = (await readPointer(fx, 'redeliver'))!.pointer;
    expect(after.current.revision).toBe(before.pointer.current.revision + 1);
    expect(after.previous[0]).toEqual(before.pointer.current);
    expect(await getRun(fx, 'redeliver', good.runId)).toEqual(goodRecord);
    expect(await getRun(fx, 'redeliver', bad.runId)).toEqual(badRecord);
    expect(promoted.matching<RunPromotedEvent>((e) => e.runId === good.runId)).toHaveLength(1);
    expect(rejected.matching<RunRejectedEvent>((e) => e.runId === bad.runId)).toHaveLength(1);
  });
});
