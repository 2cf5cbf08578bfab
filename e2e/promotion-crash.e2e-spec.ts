import {
  type RunCompletedEvent,
  type RunPromotedEvent,
  runSuccessKey,
  TOPIC,
} from '@tributary/contracts';
import { latestPointer, PipelineFixture, publishedRows, waitFor } from '@tributary/testkit';

function csv(rows: number, offset: number): string {
  const lines = ['id,name,amount'];
  for (let i = 0; i < rows; i++) lines.push(`${offset + i},n${offset + i},${offset + i}.25`);
  return `${lines.join('\n')}\n`;
}

describe('crashes never expose a partial run, and re-runs converge to one publication', () => {
  let fx: PipelineFixture;
  const violations: string[] = [];
  let polling = true;
  let polls = 0;

  beforeAll(async () => {
    fx = await PipelineFixture.start('crash', ['ingest-gateway', 'profiler', 'quality']);
  });
  afterAll(async () => {
    polling = false;
    await fx?.stop();
  });

  /** A reader polling _LATEST.json: every state it sees must be complete (files and _SUCCESS present). */
  async function pollPointer(source: string): Promise<void> {
    while (polling) {
      const pointer = await latestPointer(fx.objects, source).catch(() => undefined);
      if (pointer) {
        polls++;
        for (const file of pointer.current.partitions.flatMap((p) => p.files)) {
          if (!(await fx.objects.head(file.key)))
            violations.push(`missing ${file.key} in revision ${pointer.current.revision}`);
          if (!(await fx.objects.head(runSuccessKey(source, file.runId))))
            violations.push(`no _SUCCESS for ${file.runId}`);
        }
        const rows = await publishedRows<{ n: string }>(
          fx.objects,
          source,
          'SELECT count(*)::BIGINT AS n FROM t',
        ).catch(() => undefined);
        const expected = pointer.current.partitions
          .flatMap((p) => p.files)
          .reduce((s, f) => s + f.rows, 0);
        if (rows && Number(rows[0]!.n) !== expected)
          violations.push(
            `revision ${pointer.current.revision}: ${rows[0]!.n} rows, pointer says ${expected}`,
          );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('SIGKILL of the promoter after its Parquet write and of quality before its pointer update', async () => {
    const env = {
      PROMOTER_TICK_MS: '200',
      PROMOTER_BATCH_MAX_FILES: '1',
      PROMOTER_STALE_CLAIM_MS: '2000',
      PROMOTER_HEARTBEAT_MS: '500',
    };
    const key = await fx.createSource('fragile');
    const ids: string[] = [];
    for (let f = 0; f < 4; f++)
      ids.push(
        String((await fx.upload('fragile', key, `f${f}.csv`, csv(5000, f * 5000))).body.fileId),
      );
    for (const id of ids) await fx.waitForFileStatus('fragile', id, ['PROFILED']);
    const poller = pollPointer('fragile');

    const promoterA = await fx.startService(
      'promoter',
      { ...env, PROMOTER_ID: 'promoter-a' },
      'promoter-a',
    );
    const completed = await fx.collect(TOPIC.runCompleted);
    const promoted = await fx.collect(TOPIC.runPromoted);
    const { body } = await fx.admin<{ runId: string }>('POST', '/v1/admin/sources/fragile/runs');
    await waitFor(
      async () =>
        ((
          await fx.admin<{ batchesDone: number }>(
            'GET',
            `/v1/admin/sources/fragile/runs/${body.runId}`,
          )
        ).body?.batchesDone ?? 0) >= 1,
      {
        what: 'first batch written',
      },
    );
    await promoterA.kill();
    fx.services.delete('promoter-a');

    // Quality dies as soon as the run completes, before it can move the pointer.
    const quality = fx.service('quality');
    void completed
      .waitFor<RunCompletedEvent>((e) => e.runId === body.runId)
      .then(() => quality.kill());
    await fx.startService('promoter', { ...env, PROMOTER_ID: 'promoter-b' }, 'promoter-b');
    await completed.waitFor<RunCompletedEvent>((e) => e.runId === body.runId);
    await waitFor(() => quality.child.exitCode !== null || quality.child.signalCode !== null, {
      what: 'quality killed',
    });
    fx.services.delete('quality');
    await fx.startService('quality', {}, 'quality');
    const event = await promoted.waitFor<RunPromotedEvent>((e) => e.runId === body.runId);

    await new Promise((r) => setTimeout(r, 1500));
    polling = false;
    await poller;
    expect(polls).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    const pointer = (await latestPointer(fx.objects, 'fragile'))!;
    expect(pointer.current.revision).toBe(event.pointerRevision);
    const keys = pointer.current.partitions.flatMap((p) => p.files.map((f) => f.key));
    expect(new Set(keys).size).toBe(keys.length);
    const rows = await publishedRows<{ id: number }>(
      fx.objects,
      'fragile',
      'SELECT id FROM t ORDER BY id',
    );
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
    const runs = (
      await fx.admin<{ runId: string; status: string }[]>('GET', '/v1/admin/sources/fragile/runs')
    ).body;
    expect(runs.filter((r) => r.status === 'PROMOTED').map((r) => r.runId)).toEqual([body.runId]);
    expect(
      promoted
        .matching<RunPromotedEvent>((e) => e.runId === body.runId)
        .every((e) => e.eventId === event.eventId),
    ).toBe(true);
  });
});
