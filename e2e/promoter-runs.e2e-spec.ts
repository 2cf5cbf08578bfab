import {
  type PromotionBlockedEvent,
  type RunCompletedEvent,
  type RunSummary,
  runSuccessKey,
  TOPIC,
} from '@tributary/contracts';
import { metricValue, PipelineFixture, waitFor } from '@tributary/testkit';

function csv(rows: number, offset: number): string {
  const lines = ['id,name,amount,day'];
  for (let i = 0; i < rows; i++)
    lines.push(`${offset + i},name-${offset + i},${(offset + i) * 1.25},2026-01-0${(i % 3) + 1}`);
  return `${lines.join('\n')}\n`;
}

async function uploadProfiled(
  fx: PipelineFixture,
  source: string,
  key: string,
  count: number,
  rows = 200,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const upload = await fx.upload(source, key, `f-${i}.csv`, csv(rows, i * rows));
    ids.push(String(upload.body.fileId));
  }
  for (const id of ids) await fx.waitForFileStatus(source, id, ['PROFILED']);
  return ids;
}

describe('promoter: runs, claims, pause/resume, crash recovery, blocked sources', () => {
  let fx: PipelineFixture;

  beforeAll(async () => {
    fx = await PipelineFixture.start('promo', ['ingest-gateway', 'profiler']);
  });
  afterAll(async () => fx?.stop());

  const promoterEnv = {
    PROMOTER_TICK_MS: '200',
    PROMOTER_BATCH_MAX_FILES: '1',
    PROMOTER_STALE_CLAIM_MS: '3000',
    PROMOTER_HEARTBEAT_MS: '500',
  };

  it('lets exactly one of two promoter processes run a source, and writes _SUCCESS after every data file', async () => {
    const key = await fx.createSource('claims');
    const files = await uploadProfiled(fx, 'claims', key, 4);
    const a = await fx.startService(
      'promoter',
      { ...promoterEnv, PROMOTER_ID: 'promoter-a' },
      'promoter-a',
    );
    const b = await fx.startService(
      'promoter',
      { ...promoterEnv, PROMOTER_ID: 'promoter-b' },
      'promoter-b',
    );
    const completed = await fx.collect(TOPIC.runCompleted);
    const { body } = await fx.admin<{ runId: string }>('POST', '/v1/admin/sources/claims/runs');
    const event = await completed.waitFor<RunCompletedEvent>((e) => e.runId === body.runId);
    expect(event.rowsIn).toBe(800);
    expect(event.fileIds).toEqual(files);
    const run = (
      await fx.admin<{ status: string; batches: string[][] }>(
        'GET',
        `/v1/admin/sources/claims/runs/${body.runId}`,
      )
    ).body;
    expect(run.status).toBe('COMPLETED');
    expect(run.batches).toHaveLength(4);
    const claimedBy = [a, b].filter((p) =>
      p.logs.some(
        (l) =>
          (l as { msg?: string; runId?: string }).msg === 'batch done' &&
          (l as { runId?: string }).runId === body.runId,
      ),
    );
    expect(claimedBy).toHaveLength(1);

    const success = await fx.objects.head(runSuccessKey('claims', body.runId));
    const summary = JSON.parse(
      (await fx.objects.getBytes(runSuccessKey('claims', body.runId))).bytes.toString(),
    ) as RunSummary;
    expect(summary).toMatchObject({
      rowsIn: 800,
      rowsOut: 800,
      rowsQuarantined: 0,
      writeMode: 'append',
      schemaVersion: 1,
    });
    for (const partition of summary.partitions) {
      for (const file of partition.files) {
        const info = await fx.objects.head(file.key);
        expect(info).toBeDefined();
        expect(info!.lastModified.getTime()).toBeLessThanOrEqual(success!.lastModified.getTime());
        expect(file.key).toMatch(
          new RegExp(
            `^curated/source=claims/schema_v=1/run_id=${body.runId}/date=\\d{4}-\\d{2}-\\d{2}/part-\\d{5}\\.parquet$`,
          ),
        );
      }
    }
    const staging: string[] = [];
    for await (const o of fx.objects.list(`staging/source=claims/run_id=${body.runId}/`))
      staging.push(o.key);
    expect(staging).toEqual([]);
    await a.stop();
    await b.stop();
    fx.services.delete('promoter-a');
    fx.services.delete('promoter-b');
  });

  it('pauses between batches, never leaving a batch half done, and resumes from the checkpoint', async () => {
    const key = await fx.createSource('pausing');
    await uploadProfiled(fx, 'pausing', key, 6, 2000);
    const promoter = await fx.startService(
      'promoter',
      { ...promoterEnv, PROMOTER_ID: 'promoter-p' },
      'promoter-p',
    );
    const { body } = await fx.admin<{ runId: string }>('POST', '/v1/admin/sources/pausing/runs');
    await waitFor(
      async () =>
        (await fx.admin<{ state: string }>('GET', '/v1/admin/sources/pausing/pipeline')).body
          .state === 'RUNNING',
      { what: 'RUNNING' },
    );
    const pause = await fx.admin('POST', '/v1/admin/sources/pausing/pause');
    expect(pause.status).toBe(202);
    await waitFor(
      async () =>
        (await fx.admin<{ state: string }>('GET', '/v1/admin/sources/pausing/pipeline')).body
          .state === 'PAUSED',
      { what: 'PAUSED' },
    );
    const paused = (
      await fx.admin<{ batchesDone: number; staged: { batch: number }[]; status: string }>(
        'GET',
        `/v1/admin/sources/pausing/runs/${body.runId}`,
      )
    ).body;
    expect(paused.status).toBe('RUNNING');
    expect(paused.batchesDone).toBeLessThan(6);
    // Every checkpointed batch is whole: one staged part per batch and date, none beyond the checkpoint.
    expect(new Set(paused.staged.map((p) => p.batch)).size).toBe(paused.batchesDone);
    expect(paused.staged.every((p) => p.batch < paused.batchesDone)).toBe(true);
    expect(await fx.objects.head(runSuccessKey('pausing', body.runId))).toBeUndefined();

    const completed = await fx.collect(TOPIC.runCompleted);
    expect((await fx.admin('POST', '/v1/admin/sources/pausing/resume')).status).toBe(202);
    const event = await completed.waitFor<RunCompletedEvent>((e) => e.runId === body.runId);
    expect(event.rowsIn).toBe(12_000);
    expect(event.rowsOut).toBe(12_000);
    await promoter.stop();
    fx.services.delete('promoter-p');
  });

  it('resumes a run after its promoter is SIGKILLed, converging to one complete run', async () => {
    const key = await fx.createSource('crashy');
    await uploadProfiled(fx, 'crashy', key, 5, 3000);
    const first = await fx.startService(
      'promoter',
      { ...promoterEnv, PROMOTER_ID: 'promoter-1' },
      'promoter-1',
    );
    const { body } = await fx.admin<{ runId: string }>('POST', '/v1/admin/sources/crashy/runs');
    await waitFor(
      async () =>
        (
          await fx.admin<{ batchesDone: number }>(
            'GET',
            `/v1/admin/sources/crashy/runs/${body.runId}`,
          )
        ).body?.batchesDone >= 1,
      {
        what: 'a checkpointed batch',
      },
    );
    await first.kill();
    fx.services.delete('promoter-1');
    const completed = await fx.collect(TOPIC.runCompleted);
    const second = await fx.startService(
      'promoter',
      { ...promoterEnv, PROMOTER_ID: 'promoter-2' },
      'promoter-2',
    );
    const event = await completed.waitFor<RunCompletedEvent>((e) => e.runId === body.runId);
    expect(event).toMatchObject({ rowsIn: 15_000, rowsOut: 15_000, rowsQuarantined: 0 });
    expect(
      completed.matching<RunCompletedEvent>(
        (e) => e.runId === body.runId && e.eventId !== event.eventId,
      ),
    ).toEqual([]);
    const summary = JSON.parse(
      (await fx.objects.getBytes(runSuccessKey('crashy', body.runId))).bytes.toString(),
    ) as RunSummary;
    expect(summary.partitions.reduce((s, p) => s + p.rows, 0)).toBe(15_000);
    await second.stop();
    fx.services.delete('promoter-2');
  });

  it('skips a source with a BREAKING version (metric and event) while other sources run', async () => {
    const brokenKey = await fx.createSource('broken');
    const fineKey = await fx.createSource('fine');
    await uploadProfiled(fx, 'broken', brokenKey, 1);
    const drifted = await fx.upload('broken', brokenKey, 'drift.csv', 'id,name\n1,x\n');
    await fx.waitForFileStatus('broken', String(drifted.body.fileId), ['PROFILED']);
    await uploadProfiled(fx, 'fine', fineKey, 1);
    const promoter = await fx.startService(
      'promoter',
      { ...promoterEnv, PROMOTER_ID: 'promoter-x' },
      'promoter-x',
    );
    const blocked = await fx.collect(TOPIC.promotionBlocked);
    const completed = await fx.collect(TOPIC.runCompleted);
    // A person's trigger is refused at once; the schedule's request is declined by the promoter.
    expect((await fx.admin('POST', '/v1/admin/sources/broken/runs')).status).toBe(409);
    await fx.admin('PATCH', '/v1/admin/sources/broken', { scheduleSeconds: 1 });
    const fineRun = await fx.admin<{ runId: string }>('POST', '/v1/admin/sources/fine/runs');
    const event = await blocked.waitFor<PromotionBlockedEvent>((e) => e.sourceId === 'broken');
    await fx.admin('PATCH', '/v1/admin/sources/broken', { scheduleSeconds: null });
    expect(event).toMatchObject({ breakingVersion: 2 });
    expect(event.reason).toMatch(/BREAKING/);
    await completed.waitFor<RunCompletedEvent>((e) => e.runId === fineRun.body.runId);
    const state = (
      await fx.admin<{ state: string; lastError: string }>(
        'GET',
        '/v1/admin/sources/broken/pipeline',
      )
    ).body;
    expect(state).toMatchObject({ state: 'IDLE' });
    expect(state.lastError).toMatch(/BREAKING/);
    expect(
      metricValue(
        await (await fetch(`${promoter.url}/metrics`)).text(),
        'promotion_blocked_by_breaking_schema_total',
        { source_id: 'broken' },
      ),
    ).toBe(1);
    await promoter.stop();
    fx.services.delete('promoter-x');
  });
});
