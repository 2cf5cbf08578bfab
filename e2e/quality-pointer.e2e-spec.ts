import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duckDbEngineFactory } from '@tributary/adapters';
import { type LatestPointer, PROVENANCE_COLUMNS } from '@tributary/contracts';
import {
  completeRun,
  metricValue,
  ORDER_COLUMNS,
  orderRows,
  PipelineFixture,
  qualityAdmin,
  qualityCliEnv,
  readPointer,
  runCli,
  waitFor,
  waitForDecision,
  writeCompletedRun,
} from '@tributary/testkit';

type Row = Record<string, unknown>;

function logsOf(fx: PipelineFixture, service: string): { msg?: string; runId?: string }[] {
  return fx.service(service).logs as { msg?: string; runId?: string }[];
}

describe('quality: the published pointer under concurrency, rollback, replace and merge', () => {
  let fx: PipelineFixture;
  let cacheDir: string;

  beforeAll(async () => {
    fx = await PipelineFixture.start('quality-pointer', ['ingest-gateway']);
    await fx.startService('quality', { QUALITY_GROUP_ID: 'quality-a' }, 'quality');
    await fx.startService('quality', { QUALITY_GROUP_ID: 'quality-b' }, 'quality-b');
    cacheDir = mkdtempSync(join(tmpdir(), 'tributary-query-cache-'));
  });
  afterAll(async () => {
    await fx?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  /** `tributary query --json` over the fixture's bucket. */
  async function query(sql: string, sources: string[]): Promise<Row[]> {
    const result = await runCli(
      ['query', sql, '--json', ...sources.flatMap((s) => ['--source', s])],
      qualityCliEnv(fx, { TRIBUTARY_CACHE_DIR: cacheDir }),
    );
    if (result.code !== 0) throw new Error(`query exited ${result.code}: ${result.stderr}`);
    return result.json<Row[]>();
  }

  it('two quality processes racing on one source: one wins each compare-and-swap, nothing is lost', async () => {
    await fx.createSource('race');
    // Both processes consume every run-completed (two consumer groups), so they race on each run.
    const viaEvents = [];
    for (let i = 0; i < 4; i++) {
      viaEvents.push(
        await completeRun(fx, {
          sourceId: 'race',
          columns: ORDER_COLUMNS,
          partitions: [{ date: `2026-01-0${i + 1}`, rows: orderRows(100, i * 1000) }],
        }),
      );
    }
    for (const run of viaEvents)
      expect((await waitForDecision(fx, 'race', run.runId)).status).toBe('PROMOTED');

    // And different runs at the same instant, one through each process, round after round until
    // the two writers have collided on the compare-and-swap (they nearly always do at once).
    const conflictsSoFar = async () =>
      metricValue(await fx.metricsText('quality'), 'quality_pointer_cas_conflicts_total', {
        source_id: 'race',
      }) +
      metricValue(await fx.metricsText('quality-b'), 'quality_pointer_cas_conflicts_total', {
        source_id: 'race',
      });
    const viaRequests = [];
    for (let round = 0; round < 20 && (round < 3 || (await conflictsSoFar()) === 0); round++) {
      const a = await writeCompletedRun(fx, {
        sourceId: 'race',
        columns: ORDER_COLUMNS,
        partitions: [{ date: '2026-02-01', rows: orderRows(10, 10_000 + round * 100) }],
      });
      const b = await writeCompletedRun(fx, {
        sourceId: 'race',
        columns: ORDER_COLUMNS,
        partitions: [{ date: '2026-02-01', rows: orderRows(10, 20_000 + round * 100) }],
      });
      const [ra, rb] = await Promise.all([
        qualityAdmin<{ outcome: string }>(
          fx,
          'POST',
          `/v1/admin/sources/race/runs/${a.runId}/gate`,
          undefined,
          'quality',
        ),
        qualityAdmin<{ outcome: string }>(
          fx,
          'POST',
          `/v1/admin/sources/race/runs/${b.runId}/gate`,
          undefined,
          'quality-b',
        ),
      ]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
      expect([ra.body.outcome, rb.body.outcome]).toEqual(['promoted', 'promoted']);
      viaRequests.push(a, b);
    }

    const all = [...viaEvents, ...viaRequests];
    const { pointer } = (await readPointer(fx, 'race'))!;
    // Every run published exactly once: one revision each, no run lost or applied twice.
    expect(pointer.current.revision).toBe(all.length);
    const causes = [pointer.current, ...pointer.previous].map((s) => s.cause);
    expect(new Set(causes).size).toBe(all.length);
    expect(causes.sort()).toEqual(all.map((r) => `run:${r.runId}`).sort());
    const published = pointer.current.partitions.flatMap((p) => p.files.map((f) => f.key)).sort();
    expect(published).toEqual(all.flatMap((r) => r.dataKeys).sort());
    // Each revision extends the one before it.
    const states = [pointer.current, ...pointer.previous].reverse();
    for (let i = 1; i < states.length; i++) {
      const before = new Set(states[i - 1]!.partitions.flatMap((p) => p.files.map((f) => f.key)));
      const after = new Set(states[i]!.partitions.flatMap((p) => p.files.map((f) => f.key)));
      expect([...before].every((k) => after.has(k))).toBe(true);
      expect(after.size).toBe(before.size + 1);
    }
    // Exactly one process wrote each run; the other lost the compare-and-swap (or found it done).
    for (const run of all) {
      const writers = ['quality', 'quality-b'].filter((s) =>
        logsOf(fx, s).some(
          (l) => l.msg === 'run published: _LATEST.json moved' && l.runId === run.runId,
        ),
      );
      expect(writers).toHaveLength(1);
    }
    // The loser of each collision re-read the pointer and applied its run again on top.
    const conflicts = await conflictsSoFar();
    expect(conflicts).toBeGreaterThan(0);
    const retried = ['quality', 'quality-b'].flatMap((s) =>
      logsOf(fx, s).filter((l) => l.msg?.startsWith('_LATEST.json changed since it was read')),
    );
    expect(retried).toHaveLength(conflicts);
  });

  it('rollback returns the earlier state exactly: same files, same query result', async () => {
    await fx.createSource('roll-back');
    const r1 = await completeRun(fx, {
      sourceId: 'roll-back',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(30) }],
    });
    await waitForDecision(fx, 'roll-back', r1.runId);
    const r2 = await completeRun(fx, {
      sourceId: 'roll-back',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-02', rows: orderRows(20, 100) }],
    });
    await waitForDecision(fx, 'roll-back', r2.runId);
    const sql = 'SELECT id, name, amount, status FROM roll_back ORDER BY id';
    const atTwo = await query(sql, ['roll-back']);
    expect(atTwo).toHaveLength(50);
    const stateTwo = (await readPointer(fx, 'roll-back'))!.pointer.current;

    const r3 = await completeRun(fx, {
      sourceId: 'roll-back',
      columns: ORDER_COLUMNS,
      writeMode: 'replace',
      partitions: [{ date: '2026-01-01', rows: orderRows(5, 500) }],
    });
    await waitForDecision(fx, 'roll-back', r3.runId);
    expect(await query(sql, ['roll-back'])).toHaveLength(25);

    const pointerCli = await runCli(['runs', 'pointer', 'roll-back', '--json'], qualityCliEnv(fx));
    expect(pointerCli.code).toBe(0);
    const shown = pointerCli.json<LatestPointer & { etag: string }>();
    expect(shown.current.revision).toBe(3);
    expect(shown.previous.map((s) => s.revision)).toEqual([2, 1]);

    const rolled = await runCli(['runs', 'rollback', 'roll-back', '--json'], qualityCliEnv(fx));
    expect(rolled.code).toBe(0);
    expect(rolled.json()).toMatchObject({ rolledBackTo: 2, revision: 4 });
    const after = (await readPointer(fx, 'roll-back'))!.pointer;
    expect(after.current).toMatchObject({ revision: 4, cause: 'rollback:2', schemaVersion: 1 });
    expect(after.current.partitions).toEqual(stateTwo.partitions);
    expect(after.previous.map((s) => s.revision)).toEqual([3, 2, 1]);
    expect(await query(sql, ['roll-back'])).toEqual(atTwo);

    // Back to the very first state by revision, then refused for an unknown one.
    const toOne = await runCli(
      ['runs', 'rollback', 'roll-back', '--to', '1', '--json'],
      qualityCliEnv(fx),
    );
    expect(toOne.json()).toMatchObject({ rolledBackTo: 1, revision: 5 });
    expect(await query(sql, ['roll-back'])).toEqual(atTwo.slice(0, 30));
    const unknown = await runCli(
      ['runs', 'rollback', 'roll-back', '--to', '42'],
      qualityCliEnv(fx),
    );
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/revision 42 is not among the kept states/);
    const http = await qualityAdmin(fx, 'POST', '/v1/admin/sources/roll-back/rollback', {
      steps: 0,
    });
    expect(http.status).toBe(400);
    expect(http.contentType).toMatch(/application\/problem\+json/);
  });

  it('replace swaps whole partitions; merge replaces the partitions it rewrote and drops emptied ones', async () => {
    await fx.createSource('modes');
    const r1 = await completeRun(fx, {
      sourceId: 'modes',
      columns: ORDER_COLUMNS,
      partitions: [
        { date: '2026-01-01', rows: orderRows(10, 1) },
        { date: '2026-01-02', rows: orderRows(10, 11) },
        { date: '2026-01-03', rows: orderRows(10, 21) },
      ],
    });
    await waitForDecision(fx, 'modes', r1.runId);
    const replace = await completeRun(fx, {
      sourceId: 'modes',
      columns: ORDER_COLUMNS,
      writeMode: 'replace',
      partitions: [{ date: '2026-01-02', rows: orderRows(3, 11, () => ({ status: 'replaced' })) }],
    });
    await waitForDecision(fx, 'modes', replace.runId);
    const counts =
      'SELECT status, count(*)::INTEGER AS n FROM modes GROUP BY status ORDER BY status';
    expect(await query(counts, ['modes'])).toEqual([
      { status: 'new', n: 20 },
      { status: 'replaced', n: 3 },
    ]);
    let pointer = (await readPointer(fx, 'modes'))!.pointer;
    expect(pointer.current.partitions.map((p) => [p.date, p.files.map((f) => f.runId)])).toEqual([
      ['2026-01-01', [r1.runId]],
      ['2026-01-02', [replace.runId]],
      ['2026-01-03', [r1.runId]],
    ]);

    // A merge (computed by the promoter against revision 2) rewrites 01-01 whole, with an upsert
    // of id 1 and the earlier rows carried over, and empties 01-03 (its keys moved away).
    const carried = orderRows(9, 2).map((r) => ({
      ...r,
      [PROVENANCE_COLUMNS.runId]: r1.runId,
      [PROVENANCE_COLUMNS.fileId]: r1.inputFileIds[0],
    }));
    const merge = await completeRun(fx, {
      sourceId: 'modes',
      columns: ORDER_COLUMNS,
      writeMode: 'merge',
      baseRevision: 2,
      partitions: [
        {
          date: '2026-01-01',
          rows: [...orderRows(1, 1, () => ({ status: 'merged' })), ...carried],
        },
        { date: '2026-01-03', rows: [] },
      ],
    });
    expect((await waitForDecision(fx, 'modes', merge.runId)).status).toBe('PROMOTED');
    pointer = (await readPointer(fx, 'modes'))!.pointer;
    expect(pointer.current.partitions.map((p) => [p.date, p.files.map((f) => f.runId)])).toEqual([
      ['2026-01-01', [merge.runId]],
      ['2026-01-02', [replace.runId]],
    ]);
    expect(await query(counts, ['modes'])).toEqual([
      { status: 'merged', n: 1 },
      { status: 'new', n: 9 },
      { status: 'replaced', n: 3 },
    ]);

    // A merge computed against a revision whose partitions changed since would drop rows: refused.
    const stale = await completeRun(fx, {
      sourceId: 'modes',
      columns: ORDER_COLUMNS,
      writeMode: 'merge',
      baseRevision: 2,
      partitions: [{ date: '2026-01-01', rows: orderRows(1, 1, () => ({ status: 'stale' })) }],
    });
    const record = await waitForDecision(fx, 'modes', stale.runId);
    expect(record.status).toBe('REJECTED');
    expect(record.failedChecks[0]).toMatchObject({ check: 'merge_base' });
    expect((await readPointer(fx, 'modes'))!.pointer.current.cause).toBe(`run:${merge.runId}`);
  });

  it('a reader polling _LATEST.json and querying never sees a state whose files are missing', async () => {
    await fx.createSource('reader');
    const first = await completeRun(fx, {
      sourceId: 'reader',
      columns: ORDER_COLUMNS,
      partitions: [{ date: '2026-01-01', rows: orderRows(10) }],
    });
    await waitForDecision(fx, 'reader', first.runId);

    let stop = false;
    const problems: string[] = [];
    let reads = 0;
    const engine = await duckDbEngineFactory.open({ threads: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'tributary-reader-'));
    const reader = (async () => {
      while (!stop) {
        const read = await readPointer(fx, 'reader');
        if (!read) continue;
        const files = read.pointer.current.partitions.flatMap((p) => p.files);
        let rows = 0;
        for (const [i, file] of files.entries()) {
          const object = await fx.objects.getBytes(file.key).catch(() => undefined);
          if (!object) {
            problems.push(`revision ${read.pointer.current.revision}: ${file.key} missing`);
            continue;
          }
          const path = join(dir, `r${reads}-${i}.parquet`);
          writeFileSync(path, object.bytes);
          const [count] = await engine.query<{ n: string }>(
            `SELECT count(*)::BIGINT AS n FROM read_parquet('${path}')`,
          );
          rows += Number(count!.n);
        }
        const expected = files.reduce((s, f) => s + f.rows, 0);
        if (rows !== expected)
          problems.push(`revision ${read.pointer.current.revision}: ${rows} rows ≠ ${expected}`);
        reads++;
      }
    })();

    for (let i = 0; i < 6; i++) {
      const run = await completeRun(fx, {
        sourceId: 'reader',
        columns: ORDER_COLUMNS,
        writeMode: i % 2 ? 'replace' : 'append',
        partitions: [{ date: '2026-01-01', rows: orderRows(5 + i, 100 * (i + 1)) }],
      });
      await waitForDecision(fx, 'reader', run.runId);
      if (i === 3) {
        expect(
          (await qualityAdmin(fx, 'POST', '/v1/admin/sources/reader/rollback', { steps: 2 }))
            .status,
        ).toBe(200);
      }
      // Retention runs alongside: it may only ever delete what no state references.
      expect(
        (await qualityAdmin(fx, 'POST', '/v1/admin/sources/reader/retention', { dryRun: false }))
          .status,
      ).toBe(200);
    }
    await waitFor(() => reads >= 10, { what: 'the reader to read a few states' });
    stop = true;
    await reader;
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });
});
