import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PreconditionFailedError, type TableDefinition, TerminalError } from '@tributary/ports';
import { keyValueStoreContract } from '@tributary/testkit';
import { EmbeddedKeyValueStore } from './key-value/embedded-key-value-store';

const WORKER = join(__dirname, 'testing', 'cross-process-worker.cjs');
const table: TableDefinition = { name: 'items', partitionKey: 'pk', sortKey: 'sk' };

function tempRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tributary-kv-'));
}

function inChild(command: string, args: object): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, command, JSON.stringify(args)]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as { ok: boolean });
      } catch {
        reject(new Error(`worker ${command} printed ${out}`));
      }
    });
  });
}

keyValueStoreContract('embedded (SQLite file)', async () => {
  const root = await tempRoot();
  const store = new EmbeddedKeyValueStore({ root });
  return {
    store,
    cleanup: async () => {
      store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});

describe('EmbeddedKeyValueStore on disk', () => {
  let root: string;
  const opened: EmbeddedKeyValueStore[] = [];
  const open = async (): Promise<EmbeddedKeyValueStore> => {
    const store = new EmbeddedKeyValueStore({ root });
    opened.push(store);
    await store.ensureTables([table]);
    return store;
  };

  beforeEach(async () => {
    root = await tempRoot();
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('keeps items and revisions when the file is opened again', async () => {
    const first = await open();
    await first.write([{ kind: 'create', table, attributes: { pk: 'p', sk: 's', n: 1 } }]);
    await first.write([
      { kind: 'update', table, attributes: { pk: 'p', sk: 's', n: 2 }, expectedRevision: 1 },
    ]);
    first.close();
    const second = await open();
    await expect(second.get(table, { partition: 'p', sort: 's' })).resolves.toEqual({
      attributes: { pk: 'p', sk: 's', n: 2 },
      revision: 2,
    });
  });

  it('lets one of ten creates win when two stores share the file', async () => {
    const [a, b] = [await open(), await open()];
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).write([
          { kind: 'create', table, attributes: { pk: 'race', sk: 'x', writer: i } },
        ]),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect(r.reason).toBeInstanceOf(PreconditionFailedError);
    }
  });

  it('lets one of several processes win a create of one item', async () => {
    const startAt = Date.now() + 1_500;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        inChild('create', { root, table, attributes: { pk: 'race', sk: 'p', writer: i }, startAt }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.error)).toEqual(
      Array(5).fill('PreconditionFailedError'),
    );
    const store = await open();
    const winner = results.findIndex((r) => r.ok);
    await expect(store.get(table, { partition: 'race', sort: 'p' })).resolves.toEqual({
      attributes: { pk: 'race', sk: 'p', writer: winner },
      revision: 1,
    });
  });

  it('orders sort keys as UTF-8 bytes, as DynamoDB does', async () => {
    const store = await open();
    const sorts = ['a', 'B', 'é', '~', 'a😀', 'a\uffff', 'ab', 'a'.repeat(3)];
    for (const sk of sorts)
      await store.write([{ kind: 'put', table, attributes: { pk: 'o', sk } }]);
    const byBytes = [...sorts].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    const read = (await store.query(table, 'o')).map((i) => i.attributes.sk);
    expect(read).toEqual(byBytes);
    const prefixed = (await store.query(table, 'o', { sortKeyPrefix: 'a' })).map(
      (i) => i.attributes.sk,
    );
    expect(prefixed).toEqual(byBytes.filter((s) => s.startsWith('a')));
  });

  it('puts at revision 1 and treats a revision attribute as its own', async () => {
    const store = await open();
    await store.write([{ kind: 'create', table, attributes: { pk: 'r', sk: 's' } }]);
    await store.write([
      { kind: 'update', table, attributes: { pk: 'r', sk: 's' }, expectedRevision: 1 },
    ]);
    await store.write([{ kind: 'put', table, attributes: { pk: 'r', sk: 's', revision: 9 } }]);
    await expect(store.get(table, { partition: 'r', sort: 's' })).resolves.toEqual({
      attributes: { pk: 'r', sk: 's' },
      revision: 1,
    });
  });

  it('refuses what DynamoDB refuses: unknown tables, bad keys, one item twice', async () => {
    const store = await open();
    const unknown = { ...table, name: 'nope' };
    await expect(store.get(unknown, { partition: 'a', sort: 'b' })).rejects.toBeInstanceOf(
      TerminalError,
    );
    await expect(
      store.write([{ kind: 'put', table, attributes: { pk: '', sk: 's' } }]),
    ).rejects.toBeInstanceOf(TerminalError);
    await expect(
      store.write([
        { kind: 'put', table, attributes: { pk: 'a', sk: 's' } },
        { kind: 'check', table, key: { partition: 'a', sort: 's' }, expectedRevision: 1 },
      ]),
    ).rejects.toBeInstanceOf(TerminalError);
  });

  it('scans page by page', async () => {
    const store = await open();
    for (let i = 0; i < 600; i++) {
      await store.write([
        { kind: 'put', table, attributes: { pk: `p${i % 7}`, sk: String(i).padStart(4, '0') } },
      ]);
    }
    const seen = new Set<string>();
    for await (const item of store.scan(table)) {
      seen.add(JSON.stringify([item.attributes.pk, item.attributes.sk]));
    }
    expect(seen.size).toBe(600);
  });
});
