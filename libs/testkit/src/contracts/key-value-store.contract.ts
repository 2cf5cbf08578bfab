import { randomBytes } from 'node:crypto';
import {
  type KeyValueStore,
  PreconditionFailedError,
  type TableDefinition,
} from '@tributary/ports';

export interface KeyValueStoreFixture {
  readonly store: KeyValueStore;
  cleanup(): Promise<void>;
}

/** Every KeyValueStore adapter (DynamoDB, embedded SQLite) must pass this same suite. */
export function keyValueStoreContract(
  name: string,
  setup: () => Promise<KeyValueStoreFixture>,
): void {
  describe(`KeyValueStore contract: ${name}`, () => {
    let fixture: KeyValueStoreFixture;
    let store: KeyValueStore;
    const suffix = randomBytes(4).toString('hex');
    const table: TableDefinition = {
      name: `contract_items_${suffix}`,
      partitionKey: 'pk',
      sortKey: 'sk',
    };
    const other: TableDefinition = {
      name: `contract_other_${suffix}`,
      partitionKey: 'owner',
      sortKey: 'name',
    };

    beforeAll(async () => {
      fixture = await setup();
      store = fixture.store;
      await store.ensureTables([table, other]);
      await store.ensureTables([table, other]);
    });
    afterAll(async () => fixture.cleanup());

    it('creates an item at revision 1 and reads it back with nested values intact', async () => {
      const attributes = {
        pk: 'p1',
        sk: 'a',
        n: 42,
        nested: { list: [1, 'two', null], flag: true },
      };
      await store.write([{ kind: 'create', table, attributes }]);
      await expect(store.get(table, { partition: 'p1', sort: 'a' })).resolves.toEqual({
        attributes,
        revision: 1,
      });
      await expect(store.get(table, { partition: 'p1', sort: 'nope' })).resolves.toBeUndefined();
    });

    it('keeps map keys named like members of every object (constructor, toString, valueOf)', async () => {
      // Schema versions are maps keyed by the users' column names.
      const fields = {
        constructor: { type: 'string', path: ['constructor'] },
        toString: { type: 'integer', path: ['toString'] },
        valueOf: { type: 'date', path: ['valueOf'] },
        hasOwnProperty: { type: 'boolean', path: ['hasOwnProperty'] },
      };
      const attributes = { pk: 'members', sk: 'a', fields };
      await store.write([{ kind: 'create', table, attributes }]);
      const stored = await store.get(table, { partition: 'members', sort: 'a' });
      expect(stored?.attributes.fields).toEqual(fields);
      await store.write([
        { kind: 'update', table, attributes: { ...attributes, v: 2 }, expectedRevision: 1 },
      ]);
      const [queried] = await store.query(table, 'members');
      expect(queried?.attributes).toEqual({ ...attributes, v: 2 });
    });

    it('refuses to create an item that exists', async () => {
      await store.write([{ kind: 'create', table, attributes: { pk: 'p2', sk: 'a', v: 1 } }]);
      await expect(
        store.write([{ kind: 'create', table, attributes: { pk: 'p2', sk: 'a', v: 2 } }]),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await store.get(table, { partition: 'p2', sort: 'a' }))?.attributes.v).toBe(1);
    });

    it('updates with the current revision and refuses a stale one', async () => {
      await store.write([{ kind: 'create', table, attributes: { pk: 'p3', sk: 'a', v: 1 } }]);
      await store.write([
        { kind: 'update', table, attributes: { pk: 'p3', sk: 'a', v: 2 }, expectedRevision: 1 },
      ]);
      await expect(
        store.write([
          { kind: 'update', table, attributes: { pk: 'p3', sk: 'a', v: 3 }, expectedRevision: 1 },
        ]),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(store.get(table, { partition: 'p3', sort: 'a' })).resolves.toEqual({
        attributes: { pk: 'p3', sk: 'a', v: 2 },
        revision: 2,
      });
    });

    it('lets exactly one of ten concurrent conditional creates of one item succeed', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.write([
            { kind: 'create', table, attributes: { pk: 'race', sk: 'one', writer: i } },
          ]),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((x) => x.status === 'rejected')) {
        expect(r.reason).toBeInstanceOf(PreconditionFailedError);
      }
    });

    it('applies a multi-item write all together or not at all', async () => {
      await store.write([{ kind: 'create', table, attributes: { pk: 'tx', sk: 'head', n: 1 } }]);
      await expect(
        store.write([
          { kind: 'create', table: other, attributes: { owner: 'tx', name: 'new', v: 1 } },
          {
            kind: 'update',
            table,
            attributes: { pk: 'tx', sk: 'head', n: 2 },
            expectedRevision: 7,
          },
        ]),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(store.get(other, { partition: 'tx', sort: 'new' })).resolves.toBeUndefined();
      await store.write([
        { kind: 'create', table: other, attributes: { owner: 'tx', name: 'new', v: 1 } },
        { kind: 'update', table, attributes: { pk: 'tx', sk: 'head', n: 2 }, expectedRevision: 1 },
        { kind: 'check', table, key: { partition: 'p1', sort: 'a' }, expectedRevision: 1 },
      ]);
      expect((await store.get(table, { partition: 'tx', sort: 'head' }))?.revision).toBe(2);
      expect((await store.get(other, { partition: 'tx', sort: 'new' }))?.attributes.v).toBe(1);
    });

    it('queries a partition by sort-key prefix, after a key, in either order, with a limit', async () => {
      for (const sk of ['version#2026-01-01', 'version#2026-01-02', 'version#2026-01-03', 'head']) {
        await store.write([{ kind: 'put', table, attributes: { pk: 'q', sk } }]);
      }
      const sorts = (items: { attributes: Record<string, unknown> }[]) =>
        items.map((i) => i.attributes.sk);
      expect(sorts(await store.query(table, 'q', { sortKeyPrefix: 'version#' }))).toEqual([
        'version#2026-01-01',
        'version#2026-01-02',
        'version#2026-01-03',
      ]);
      expect(
        sorts(
          await store.query(table, 'q', {
            sortKeyAfter: 'version#2026-01-01',
            sortKeyPrefix: 'version#',
          }),
        ),
      ).toEqual(['version#2026-01-02', 'version#2026-01-03']);
      expect(
        sorts(
          await store.query(table, 'q', { sortKeyPrefix: 'version#', descending: true, limit: 1 }),
        ),
      ).toEqual(['version#2026-01-03']);
      expect(await store.query(table, 'nobody')).toEqual([]);
    });

    it('scans every item of a table', async () => {
      const seen: unknown[] = [];
      for await (const item of store.scan(other)) seen.push(item.attributes.name);
      expect(seen).toEqual(['new']);
    });

    it('deletes, refusing a stale revision', async () => {
      await store.write([{ kind: 'create', table, attributes: { pk: 'del', sk: 'a' } }]);
      await expect(
        store.write([
          { kind: 'delete', table, key: { partition: 'del', sort: 'a' }, expectedRevision: 5 },
        ]),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      await store.write([
        { kind: 'delete', table, key: { partition: 'del', sort: 'a' }, expectedRevision: 1 },
      ]);
      await expect(store.get(table, { partition: 'del', sort: 'a' })).resolves.toBeUndefined();
    });
  });
}
