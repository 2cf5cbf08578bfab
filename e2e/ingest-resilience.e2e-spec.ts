import { PipelineFixture, waitFor } from '@tributary/testkit';

function bigCsv(rows: number, withExtra: boolean): string {
  const header = withExtra ? 'id,name,amount,extra' : 'id,name,amount';
  const lines: string[] = [header];
  for (let i = 0; i < rows; i++)
    lines.push(withExtra ? `${i},name-${i},${i}.5,x${i}` : `${i},name-${i},${i}.5`);
  return `${lines.join('\n')}\n`;
}

describe('ingest: crashes and races leave exactly one schema version per change', () => {
  let fx: PipelineFixture;

  beforeAll(async () => {
    fx = await PipelineFixture.start('resilience', ['ingest-gateway']);
  });
  afterAll(async () => fx?.stop());

  it('SIGKILL of the profiler in the middle of a file, then a restart: exactly one version for that change', async () => {
    const key = await fx.createSource('killed');
    const profiler = await fx.startService('profiler', {}, 'profiler');
    const first = await fx.upload('killed', key, 'small.csv', bigCsv(10, false));
    await fx.waitForFileStatus('killed', String(first.body.fileId), ['PROFILED']);
    const big = await fx.upload('killed', key, 'big.csv', bigCsv(600_000, true));
    const fileId = String(big.body.fileId);
    // Kill while it profiles: it has picked the file up (offset uncommitted) but not finished.
    await new Promise((r) => setTimeout(r, 400));
    expect((await fx.fileStatus('killed', fileId)).status).toBe('LANDED');
    await profiler.kill();
    fx.services.delete('profiler');
    await fx.startService('profiler', {}, 'profiler');
    const status = await fx.waitForFileStatus('killed', fileId, ['PROFILED'], 120_000);
    expect(status).toMatchObject({ schemaVersion: 2, schemaStatus: 'ACTIVE' });
    const versions = await fx.versions.list('killed');
    expect(versions.map((v) => v.record.version)).toEqual([1, 2]);
    expect(versions.filter((v) => v.record.fileId === fileId)).toHaveLength(1);
    await fx.service('profiler').stop();
    fx.services.delete('profiler');
  });

  it('two profiler processes profiling the same files concurrently: versions with no gap and no duplicate', async () => {
    const key = await fx.createSource('raced');
    await fx.startService('profiler', { PROFILER_GROUP_ID: 'profiler-a' }, 'profiler');
    await fx.startService('profiler', { PROFILER_GROUP_ID: 'profiler-b' }, 'profiler-b');
    const columns = ['id', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    const ids: string[] = [];
    // Each file adds one column: six schema changes, each profiled by both processes at once.
    for (let n = 2; n <= columns.length; n++) {
      const cols = columns.slice(0, n);
      const body = `${cols.join(',')}\n${cols.map((_, i) => String(i)).join(',')}\n`;
      ids.push(String((await fx.upload('raced', key, `f${n}.csv`, body)).body.fileId));
    }
    for (const id of ids) await fx.waitForFileStatus('raced', id, ['PROFILED']);
    await waitFor(async () => (await fx.versions.list('raced')).length >= 6, {
      what: 'six versions',
    });
    await new Promise((r) => setTimeout(r, 2000));
    const versions = (await fx.versions.list('raced')).map((v) => v.record);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(versions.map((v) => v.fileId)).size).toBe(6);
    expect(versions.filter((v) => v.status === 'ACTIVE')).toHaveLength(1);
    const head = await fx.versions.getHead('raced');
    expect(head?.record).toMatchObject({ latestVersion: 6, activeVersion: 6 });
  });
});
