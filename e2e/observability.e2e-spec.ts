import { type RunPromotedEvent, TOPIC } from '@tributary/contracts';
import { metricValue, PipelineFixture } from '@tributary/testkit';

interface LogLine {
  msg?: string;
  service?: string;
  traceId?: string;
  sourceId?: string;
  fileId?: string;
  runId?: string;
}

describe('observability: metrics move during a run, and one upload is followed through the logs by its trace id', () => {
  let fx: PipelineFixture;

  beforeAll(async () => {
    fx = await PipelineFixture.start(
      'observe',
      ['ingest-gateway', 'profiler', 'promoter', 'quality', 'notifier'],
      { PROMOTER_TICK_MS: '200' },
    );
  });
  afterAll(async () => fx?.stop());

  it('joins the logs of one upload from the gateway to the published run, and every service shows its metrics moving', async () => {
    const services = ['ingest-gateway', 'profiler', 'promoter', 'quality', 'notifier'];
    const before = Object.fromEntries(
      await Promise.all(services.map(async (s) => [s, await fx.metricsText(s)] as const)),
    );
    const key = await fx.createSource('traced');
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const upload = await fx.upload('traced', key, 'traced.csv', 'id,name\n1,ada\n2,bob\n', {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    const fileId = String(upload.body.fileId);
    await fx.waitForFileStatus('traced', fileId, ['PROFILED']);
    const drifted = await fx.upload('traced', key, 'drift.csv', 'id,name,extra\n3,cy,x\n');
    await fx.waitForFileStatus('traced', String(drifted.body.fileId), ['PROFILED']);
    const promoted = await fx.collect(TOPIC.runPromoted);
    const { body } = await fx.admin<{ runId: string }>('POST', '/v1/admin/sources/traced/runs');
    const event = await promoted.waitFor<RunPromotedEvent>((e) => e.runId === body.runId);
    expect(event.traceparent).toContain(traceId);
    await new Promise((r) => setTimeout(r, 500));

    // The join: every service's log lines carrying the upload's trace id.
    const traced = (name: string) =>
      (fx.service(name).logs as LogLine[]).filter(
        (l) => typeof l === 'object' && l.traceId === traceId,
      );
    expect(
      traced('ingest-gateway').some((l) => l.msg === 'file landed' && l.fileId === fileId),
    ).toBe(true);
    expect(traced('profiler').some((l) => l.msg === 'file profiled' && l.fileId === fileId)).toBe(
      true,
    );
    expect(
      traced('promoter').some((l) => l.msg === 'run completed' && l.runId === body.runId),
    ).toBe(true);
    expect(traced('quality').some((l) => l.runId === body.runId)).toBe(true);

    const after = Object.fromEntries(
      await Promise.all(services.map(async (s) => [s, await fx.metricsText(s)] as const)),
    );
    const moved = (service: string, name: string, labels: Record<string, string> = {}) =>
      metricValue(after[service]!, name, labels) - metricValue(before[service]!, name, labels);
    expect(
      moved('ingest-gateway', 'ingest_requests_total', { source_id: 'traced', status: '202' }),
    ).toBe(2);
    expect(moved('ingest-gateway', 'ingest_bytes_total', { source_id: 'traced' })).toBeGreaterThan(
      0,
    );
    expect(moved('profiler', 'profiler_rows_total', { source_id: 'traced' })).toBe(3);
    expect(
      moved('profiler', 'drift_detected_total', { source_id: 'traced', status: 'ACTIVE' }),
    ).toBe(1);
    expect(
      metricValue(after.profiler!, 'schema_versions', { source_id: 'traced', status: 'ACTIVE' }),
    ).toBe(1);
    expect(
      metricValue(after.profiler!, 'schema_versions', {
        source_id: 'traced',
        status: 'DEPRECATED',
      }),
    ).toBe(1);
    expect(
      moved('profiler', 'tributary_handler_duration_seconds_count', {
        topic: 'file-landed',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      moved('promoter', 'promotion_runs_total', { source_id: 'traced', outcome: 'completed' }),
    ).toBe(1);
    expect(moved('promoter', 'promotion_rows_written_total', { source_id: 'traced' })).toBe(3);
    expect(moved('quality', 'runs_total', { source_id: 'traced' })).toBe(1);
    expect(moved('quality', 'rows_promoted_total', { source_id: 'traced' })).toBe(3);
    expect(
      metricValue(after.quality!, 'data_freshness_lag_seconds', { source_id: 'traced' }),
    ).toBeGreaterThanOrEqual(0);
    expect(after.quality).toMatch(/data_freshness_lag_seconds\{[^}]*source_id="traced"/);
    for (const service of ['profiler', 'quality', 'notifier']) {
      expect(after[service]).toMatch(
        /tributary_consumer_lag_messages\{[^}]*group="[^"]+"[^}]*partition="\d+"/,
      );
    }
    for (const text of Object.values(after))
      expect(text).toMatch(/# HELP process_resident_memory_bytes/);
  });
});
