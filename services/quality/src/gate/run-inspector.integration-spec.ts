import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { duckDbEngineFactory } from '@tributary/adapters';
import type { ColumnCheck, RunSummary } from '@tributary/contracts';
import { NotFoundError, type ObjectInfo, type ObjectStore } from '@tributary/ports';
import type { QualityConfig } from '../quality.config';
import { RunInspector } from './run-inspector';

/** Just enough of an object store for the inspector: whole objects in memory. */
class MemoryObjects implements Pick<ObjectStore, 'get'> {
  readonly objects = new Map<string, Buffer>();
  async get(key: string) {
    const bytes = this.objects.get(key);
    if (!bytes) throw new NotFoundError(`no ${key}`);
    const info: ObjectInfo = { key, size: bytes.length, etag: 'e', lastModified: new Date() };
    return { body: Readable.from([bytes]), info };
  }
}

const RUN = '20260121T120000Z-abcdefgh';

describe('run inspector: Parquet counted and column checks evaluated with DuckDB', () => {
  let dir: string;
  const objects = new MemoryObjects();
  let inspector: RunInspector;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'quality-inspector-'));
    const engine = await duckDbEngineFactory.open();
    const write = async (name: string, select: string) => {
      const path = join(dir, name);
      await engine.execute(`COPY (${select}) TO '${path}' (FORMAT parquet)`);
      objects.objects.set(name, await readFile(path));
    };
    await write(
      'a.parquet',
      `SELECT * FROM (VALUES
        (1::BIGINT, 'a@x', 10.0, 'new', '${RUN}', 'F1', 1::BIGINT),
        (2, NULL, 150.0, 'old', '${RUN}', 'F1', 2),
        (2, 'c@x', -1.0, 'new', '${RUN}', 'F1', 3)
      ) t(id, email, amount, status, _tributary_run_id, _tributary_file_id, _tributary_row_position)`,
    );
    await write(
      'b.parquet',
      `SELECT * FROM (VALUES (3::BIGINT, 'd@x', 50.0, NULL, 'older-run', 'F0', 9::BIGINT))
        t(id, email, amount, status, _tributary_run_id, _tributary_file_id, _tributary_row_position)`,
    );
    await engine.close();
    inspector = new RunInspector(objects as unknown as ObjectStore, duckDbEngineFactory, {
      workDir: join(dir, 'work'),
      duckdb: { threads: 1, memoryLimit: '256MB' },
    } as QualityConfig);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const summary = (files: { key: string; rows: number }[]): RunSummary =>
    ({
      runId: RUN,
      partitions: [{ date: '2026-01-01', files, rows: 0 }],
      columns: [
        { name: 'id', field: 'id', type: 'BIGINT' },
        { name: 'email', field: 'E-Mail', type: 'VARCHAR' },
        { name: 'amount', field: 'amount', type: 'DOUBLE' },
        { name: 'status', field: 'status', type: 'VARCHAR' },
      ],
    }) as unknown as RunSummary;

  async function outcomes(checks: ColumnCheck[]) {
    const result = await inspector.inspect(
      summary([
        { key: 'a.parquet', rows: 3 },
        { key: 'b.parquet', rows: 1 },
      ]),
      checks,
    );
    return Object.fromEntries(result.columnOutcomes.map((o) => [o.check, o]));
  }

  it('counts each file and the rows carrying the run id', async () => {
    const result = await inspector.inspect(
      summary([
        { key: 'a.parquet', rows: 3 },
        { key: 'b.parquet', rows: 2 },
        { key: 'gone.parquet', rows: 1 },
      ]),
      [],
    );
    expect(result.files.map((f) => f.actualRows)).toEqual([3, 1, null]);
    expect(result.runRows).toBe(3);
  });

  it('not_null counts NULLs; resolves the source field name to its column', async () => {
    const o = await outcomes([
      { kind: 'not_null', column: 'E-Mail' },
      { kind: 'not_null', column: 'id' },
    ]);
    expect(o['column:not_null:E-Mail']).toMatchObject({ passed: false });
    expect(o['column:not_null:E-Mail']!.detail).toMatch(/1 rows violate it/);
    expect(o['column:not_null:id']!.passed).toBe(true);
  });

  it('unique counts rows beyond the first per value, across files', async () => {
    const o = await outcomes([
      { kind: 'unique', column: 'id' },
      { kind: 'unique', column: 'email' },
    ]);
    expect(o['column:unique:id']!.detail).toMatch(/1 duplicate rows, e\.g\. 2/);
    expect(o['column:unique:email']!.passed).toBe(true);
  });

  it('range checks inclusive bounds, either side alone', async () => {
    const both = await outcomes([{ kind: 'range', column: 'amount', min: -1, max: 150 }]);
    expect(both['column:range:amount']!.passed).toBe(true);
    const low = await outcomes([{ kind: 'range', column: 'amount', min: 0 }]);
    expect(low['column:range:amount']!.detail).toMatch(/1 rows violate it, e\.g\. -1/);
    const high = await outcomes([{ kind: 'range', column: 'amount', max: 100 }]);
    expect(high['column:range:amount']!.detail).toMatch(/1 rows violate it, e\.g\. 150/);
  });

  it('accepted_values ignores NULLs and lists the others', async () => {
    const o = await outcomes([{ kind: 'accepted_values', column: 'status', values: ['new'] }]);
    expect(o['column:accepted_values:status']!.detail).toMatch(/1 rows violate it, e\.g\. old/);
    const ok = await outcomes([
      { kind: 'accepted_values', column: 'status', values: ['new', 'old'] },
    ]);
    expect(ok['column:accepted_values:status']!.passed).toBe(true);
  });

  it('fails a check on a column the run does not publish', async () => {
    const o = await outcomes([{ kind: 'not_null', column: 'nope' }]);
    expect(o['column:not_null:nope']).toMatchObject({ passed: false });
  });
});
