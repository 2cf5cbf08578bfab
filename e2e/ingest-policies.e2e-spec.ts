import type { DriftDetectedEvent } from '@tributary/contracts';
import { TOPIC } from '@tributary/contracts';
import { PipelineFixture } from '@tributary/testkit';

describe('ingest: evolution policies, schema hints, rename candidates', () => {
  let fx: PipelineFixture;

  beforeAll(async () => {
    fx = await PipelineFixture.start('policies', ['ingest-gateway', 'profiler']);
  });
  afterAll(async () => fx?.stop());

  async function profile(
    source: string,
    key: string,
    name: string,
    body: string,
  ): Promise<Record<string, unknown>> {
    const upload = await fx.upload(source, key, name, body);
    expect(upload.status).toBe(202);
    return fx.waitForFileStatus(source, String(upload.body.fileId), ['PROFILED', 'DEAD_LETTERED']);
  }

  it('a hint pinning a column to string keeps leading zeros, where inference alone would pick integer', async () => {
    const hinted = await fx.createSource('zips', { hints: { zip: 'string' } });
    const plain = await fx.createSource('zips-plain');
    const body = 'city,zip\nBoston,02134\nBeverly Hills,90210\nNew York,10001\n';
    await profile('zips', hinted, 'a.csv', body);
    await profile('zips-plain', plain, 'a.csv', 'city,zip\nBeverly Hills,90210\nNew York,10001\n');
    const zips = (await fx.versions.getByNumber('zips', 1))!.record;
    expect(zips.fields.zip!.type).toBe('string');
    expect(zips.stats.zip!.samples).toContain('02134');
    expect((await fx.versions.getByNumber('zips-plain', 1))!.record.fields.zip!.type).toBe(
      'integer',
    );
    const noHint = await fx.createSource('zips-leading');
    await profile('zips-leading', noHint, 'a.csv', body);
    expect((await fx.versions.getByNumber('zips-leading', 1))!.record.fields.zip!.type).toBe(
      'string',
    );
  });

  it('under freeze an added column makes a BREAKING version', async () => {
    const key = await fx.createSource('frozen', { policy: 'freeze' });
    await profile('frozen', key, 'a.csv', 'id,name\n1,a\n');
    const second = await profile('frozen', key, 'b.csv', 'id,name,extra\n2,b,x\n');
    expect(second).toMatchObject({ schemaVersion: 2, schemaStatus: 'BREAKING' });
    const v2 = (await fx.versions.getByNumber('frozen', 2))!.record;
    expect(v2.status).toBe('BREAKING');
    expect(v2.fieldDiff.added).toEqual([{ name: 'extra', type: 'string' }]);
    const drift = await fx.collect(TOPIC.driftDetected);
    const event = await drift.waitFor<DriftDetectedEvent>((e) => e.sourceId === 'frozen');
    expect(event).toMatchObject({ status: 'BREAKING', policy: 'freeze' });
  });

  it('reports a rename (same values, new name) as a candidate with evidence, never applying it', async () => {
    const key = await fx.createSource('renames');
    const rows = Array.from({ length: 40 }, (_, i) => `${i},customer-${i},${100 + i}`);
    await profile('renames', key, 'a.csv', `id,customer_name,total\n${rows.join('\n')}\n`);
    const renamed = await profile(
      'renames',
      key,
      'b.csv',
      `id,customer,total\n${rows.join('\n')}\n`,
    );
    expect(renamed).toMatchObject({ schemaVersion: 2, schemaStatus: 'BREAKING' });
    const v2 = (await fx.versions.getByNumber('renames', 2))!.record;
    expect(v2.fieldDiff.removed).toEqual([{ name: 'customer_name', type: 'string' }]);
    expect(v2.fieldDiff.added).toEqual([{ name: 'customer', type: 'string' }]);
    expect(v2.fieldDiff.renameCandidates).toHaveLength(1);
    const candidate = v2.fieldDiff.renameCandidates[0]!;
    expect(candidate).toMatchObject({ from: 'customer_name', to: 'customer', type: 'string' });
    expect(candidate.score).toBeGreaterThanOrEqual(0.5);
    expect(candidate.evidence).toMatch(/sample|value|min|max|name/i);
    expect(Object.keys(v2.fields)).toEqual(expect.arrayContaining(['customer_name', 'customer']));
    const drift = await fx.collect(TOPIC.driftDetected);
    const event = await drift.waitFor<DriftDetectedEvent>((e) => e.sourceId === 'renames');
    expect(event.diff.renameCandidates[0]).toMatchObject({ from: 'customer_name', to: 'customer' });
  });

  it('discard_row keeps the schema and reports what promotion will quarantine', async () => {
    const key = await fx.createSource('strict-rows', { policy: 'discard_row' });
    await profile('strict-rows', key, 'a.csv', 'id,name\n1,a\n');
    const second = await profile('strict-rows', key, 'b.csv', 'id,name,extra\n2,b,x\n');
    expect(second).toMatchObject({ schemaVersion: 1, schemaStatus: 'ACTIVE' });
    expect(String(second.reason)).toMatch(/quarantined/);
    expect(await fx.versions.list('strict-rows')).toHaveLength(1);
    const drift = await fx.collect(TOPIC.driftDetected);
    const event = await drift.waitFor<DriftDetectedEvent>((e) => e.sourceId === 'strict-rows');
    expect(event.blocked).toMatch(/nothing is blocked/);
  });
});
