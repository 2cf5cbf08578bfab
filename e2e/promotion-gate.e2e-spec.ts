import {
  type QuarantinedRow,
  type RunPromotedEvent,
  type RunRejectedEvent,
  runSuccessKey,
  TOPIC,
} from '@tributary/contracts';
import {
  latestPointer,
  PipelineFixture,
  publishedRows,
  qualityAdmin,
  waitFor,
} from '@tributary/testkit';

/** `rows` data rows, of which `bad` have an extra field (a ragged row: quarantined with its reason). */
function csvWithBadRows(rows: number, bad: number, offset = 0): string {
  const lines = ['id,name,amount'];
  for (let j = 0; j < rows; j++) {
    const i = offset + j;
    lines.push(j < bad ? `${i},name-${i},${i}.5,EXTRA` : `${i},name-${i},${i}.5`);
  }
  return `${lines.join('\n')}\n`;
}

interface RunView {
  status: string;
  rowsIn: number;
  rowsQuarantined: number;
}

describe('promotion gate and quarantine, end to end (promoter + quality processes)', () => {
  let fx: PipelineFixture;

  beforeAll(async () => {
    fx = await PipelineFixture.start(
      'gate',
      ['ingest-gateway', 'profiler', 'promoter', 'quality'],
      { PROMOTER_TICK_MS: '200' },
    );
  });
  afterAll(async () => fx?.stop());

  async function uploadAndRun(
    source: string,
    key: string,
    name: string,
    body: string,
  ): Promise<{ runId: string; run: RunView }> {
    if (body !== '') {
      const upload = await fx.upload(source, key, name, body);
      await fx.waitForFileStatus(source, String(upload.body.fileId), ['PROFILED']);
    }
    const { body: trigger } = await fx.admin<{ runId: string }>(
      'POST',
      `/v1/admin/sources/${source}/runs`,
    );
    const run = await waitFor(
      async () => {
        const r = (
          await fx.admin<RunView>('GET', `/v1/admin/sources/${source}/runs/${trigger.runId}`)
        ).body;
        return r && ['PROMOTED', 'REJECTED', 'FAILED'].includes(r.status) ? r : undefined;
      },
      { what: `run ${trigger.runId} decided`, timeoutMs: 90_000 },
    );
    return { runId: trigger.runId, run };
  }

  it.each([
    ['gate-499', 499, 'PROMOTED'],
    ['gate-500', 500, 'REJECTED'],
    ['gate-501', 501, 'REJECTED'],
  ])('%s: %i bad rows of 10 000 → %s', async (source, bad, expected) => {
    const key = await fx.createSource(source);
    const promoted = await fx.collect(TOPIC.runPromoted);
    const rejected = await fx.collect(TOPIC.runRejected);
    const { runId, run } = await uploadAndRun(source, key, 'rows.csv', csvWithBadRows(10_000, bad));
    expect(run).toMatchObject({ status: expected, rowsIn: 10_000, rowsQuarantined: bad });
    const quarantine = await qualityAdmin<{ items: QuarantinedRow[] }>(
      fx,
      'GET',
      `/v1/admin/sources/${source}/quarantine?runId=${runId}&limit=1000`,
    );
    expect(quarantine.body.items).toHaveLength(bad);
    expect(quarantine.body.items[0]!.reason).toMatch(/field/i);
    expect(quarantine.body.items[0]!.attemptCount).toBe(1);
    const pointer = await latestPointer(fx.objects, source);
    if (expected === 'PROMOTED') {
      await promoted.waitFor<RunPromotedEvent>((e) => e.runId === runId);
      expect(
        pointer?.current.partitions.flatMap((p) => p.files).every((f) => f.runId === runId),
      ).toBe(true);
      expect((await publishedRows(fx.objects, source)).length).toBe(10_000 - bad);
    } else {
      const event = await rejected.waitFor<RunRejectedEvent>((e) => e.runId === runId);
      expect(event.failedChecks.map((c) => c.check)).toContain('quarantine_rate');
      expect(pointer).toBeUndefined();
      // The rejected run stays for audit.
      expect(await fx.objects.head(runSuccessKey(source, runId))).toBeDefined();
    }
  });

  it('an empty batch moves nothing', async () => {
    const before = (await latestPointer(fx.objects, 'gate-499'))!;
    const { run } = await uploadAndRun('gate-499', '', '', '');
    expect(run.rowsIn).toBe(0);
    const after = (await latestPointer(fx.objects, 'gate-499'))!;
    expect(after.current.revision).toBe(before.current.revision);
    expect(after.current.partitions).toEqual(before.current.partitions);
  });

  it('quarantine: corrected rows come back in the next published state; three failures condemn a row, and only approval reprocesses it', async () => {
    const key = await fx.createSource('repair');
    const first = await uploadAndRun('repair', key, 'r.csv', csvWithBadRows(100, 2));
    expect(first.run).toMatchObject({ status: 'PROMOTED', rowsQuarantined: 2 });
    const rows = (
      await qualityAdmin<{ items: QuarantinedRow[] }>(
        fx,
        'GET',
        `/v1/admin/sources/repair/quarantine?runId=${first.runId}`,
      )
    ).body.items;
    const [fixable, stubborn] = rows.sort((a, b) => a.rowPosition - b.rowPosition) as [
      QuarantinedRow,
      QuarantinedRow,
    ];

    const resubmit = await qualityAdmin(
      fx,
      'POST',
      '/v1/admin/sources/repair/quarantine/resubmit',
      {
        runId: first.runId,
        rows: [
          {
            fileId: fixable.fileId,
            rowPosition: fixable.rowPosition,
            values: { id: '0', name: 'name-0', amount: '0.5' },
          },
          { fileId: stubborn.fileId, rowPosition: stubborn.rowPosition },
        ],
      },
    );
    expect(resubmit.status).toBe(201);
    // Re-submitted rows travel with the next upload's rows (the gate judges the whole run).
    const second = await uploadAndRun('repair', key, 'r2.csv', csvWithBadRows(100, 0, 1000));
    expect(second.run).toMatchObject({ status: 'PROMOTED', rowsIn: 102, rowsQuarantined: 1 });
    const published = await publishedRows<{
      id: number;
      _tributary_file_id: string;
      _tributary_row_position: number;
    }>(fx.objects, 'repair', 'SELECT * FROM t WHERE id = 0');
    expect(published).toHaveLength(1);
    expect(published[0]!._tributary_file_id).toBe(fixable.fileId);
    expect(Number(published[0]!._tributary_row_position)).toBe(fixable.rowPosition);

    const again = (
      await qualityAdmin<{ items: QuarantinedRow[] }>(
        fx,
        'GET',
        `/v1/admin/sources/repair/quarantine?runId=${second.runId}`,
      )
    ).body.items;
    expect(again.map((r) => [r.rowPosition, r.attemptCount])).toEqual([[stubborn.rowPosition, 2]]);
    await qualityAdmin(fx, 'POST', '/v1/admin/sources/repair/quarantine/resubmit', {
      runId: second.runId,
      rows: [{ fileId: stubborn.fileId, rowPosition: stubborn.rowPosition }],
    });
    const third = await uploadAndRun('repair', key, 'r3.csv', csvWithBadRows(100, 0, 2000));
    expect(third.run).toMatchObject({ status: 'PROMOTED', rowsIn: 101, rowsQuarantined: 1 });
    const runId = third.runId;
    const condemned = (
      await qualityAdmin<{ items: QuarantinedRow[] }>(
        fx,
        'GET',
        '/v1/admin/sources/repair/quarantine/condemned',
      )
    ).body.items;
    expect(condemned.map((r) => [r.fileId, r.rowPosition, r.attemptCount])).toEqual([
      [stubborn.fileId, stubborn.rowPosition, 3],
    ]);
    expect(condemned[0]!.retryHistory).toHaveLength(2);
    const refused = await qualityAdmin(fx, 'POST', '/v1/admin/sources/repair/quarantine/resubmit', {
      runId,
      rows: [{ fileId: stubborn.fileId, rowPosition: stubborn.rowPosition }],
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);

    const approve = await qualityAdmin(
      fx,
      'POST',
      '/v1/admin/sources/repair/quarantine/condemned/approve',
      {
        runId: condemned[0]!.runId,
        rows: [
          {
            fileId: stubborn.fileId,
            rowPosition: stubborn.rowPosition,
            values: { id: '1', name: 'name-1', amount: '1.5' },
          },
        ],
      },
    );
    expect(approve.status).toBe(201);
    const last = await uploadAndRun('repair', key, '', '');
    expect(last.run).toMatchObject({ status: 'PROMOTED', rowsQuarantined: 0 });
    expect(await publishedRows(fx.objects, 'repair', 'SELECT * FROM t WHERE id = 1')).toHaveLength(
      1,
    );
    expect((await publishedRows(fx.objects, 'repair')).length).toBe(300);
  });
});
