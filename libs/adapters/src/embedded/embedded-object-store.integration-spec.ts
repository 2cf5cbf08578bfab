import { spawn } from 'node:child_process';
import { access, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalError } from '@tributary/ports';
import { objectStoreContract } from '@tributary/testkit';
import { EmbeddedObjectStore } from './object-store/embedded-object-store';

const WORKER = join(__dirname, 'testing', 'cross-process-worker.cjs');

function tempRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tributary-objects-'));
}

/** Runs the worker in a new process; resolves with the JSON line it prints. */
function inChild(command: string, args: object): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, command, JSON.stringify(args)]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as { ok: boolean });
      } catch {
        reject(new Error(`worker ${command} printed ${out} ${err}`));
      }
    });
  });
}

async function keysUnder(store: EmbeddedObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list(prefix)) keys.push(info.key);
  return keys;
}

objectStoreContract('embedded (files under a folder)', async () => {
  const root = await tempRoot();
  const store = new EmbeddedObjectStore({ root });
  return {
    store,
    cleanup: async () => {
      store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});

describe('EmbeddedObjectStore on disk', () => {
  let root: string;
  let store: EmbeddedObjectStore;

  beforeEach(async () => {
    root = await tempRoot();
    store = new EmbeddedObjectStore({ root });
  });
  afterEach(async () => {
    store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('keeps objects with their metadata and ETag when the folder is opened again', async () => {
    const put = await store.put('raw/a.csv', 'id\n1\n', {
      contentType: 'text/csv',
      metadata: { 'File-Id': 'f1' },
    });
    store.close();
    const reopened = new EmbeddedObjectStore({ root });
    try {
      const { bytes, info } = await reopened.getBytes('raw/a.csv');
      expect(bytes.toString()).toBe('id\n1\n');
      expect(info).toMatchObject({
        etag: put.etag,
        size: 5,
        contentType: 'text/csv',
        metadata: { 'file-id': 'f1' },
      });
      expect(info.lastModified.getTime()).toBe(put.lastModified.getTime());
    } finally {
      reopened.close();
    }
  });

  it.each(['../escape', 'a/../../escape', '/etc/passwd', 'a\0b', 'a//b', 'a/', '.', 'a/./b', ''])(
    'refuses the key %j',
    async (key) => {
      await expect(store.put(key, 'x')).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      await expect(store.head(key)).rejects.toBeInstanceOf(TerminalError);
      await expect(access(join(root, 'escape'))).rejects.toThrow();
    },
  );

  it('keeps keys apart that a naive mapping would collide, and lists them in byte order', async () => {
    const keys = ['p/a', 'p/a/b', 'p/a~obj', 'p/a%2Fb', 'p/a-c', 'p/a.b', 'p/é', 'p/z', 'p/A b'];
    for (const key of keys) await store.put(key, key);
    for (const key of keys) expect((await store.getBytes(key)).bytes.toString()).toBe(key);
    const byteOrder = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(await keysUnder(store, 'p/')).toEqual(byteOrder);
    expect(await keysUnder(store, 'p/a')).toEqual(byteOrder.filter((k) => k.startsWith('p/a')));
    await store.delete('p/a/b');
    expect(await keysUnder(store, 'p/a/')).toEqual([]);
  });

  it('shows the old object or nothing after a crash mid-write, and sweeps the leftovers', async () => {
    await store.put('k', 'old');
    // What a writer killed mid-put leaves: a partial temp file, never a partial object.
    await writeFile(join(root, 'objects.tmp', 'crashed.tmp'), Buffer.alloc(1000, 1));
    store.close();
    store = new EmbeddedObjectStore({ root, staleTempMs: 0 });
    expect((await store.getBytes('k')).bytes.toString()).toBe('old');
    await expect(store.head('new')).resolves.toBeUndefined();
    expect(await keysUnder(store, '')).toEqual(['k']);
    expect(await readdir(join(root, 'objects.tmp'))).toEqual([]);
  });

  it('stores nothing when the writing process is killed mid-stream', async () => {
    await store.put('killed', 'old');
    const child = spawn(process.execPath, [
      WORKER,
      'putForever',
      JSON.stringify({ root, key: 'killed' }),
    ]);
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => d.toString().includes('streaming') && resolve()),
    );
    const exited = new Promise((resolve) => child.on('close', resolve));
    child.kill('SIGKILL');
    await exited;
    expect((await readdir(join(root, 'objects.tmp'))).length).toBe(1);
    expect((await store.getBytes('killed')).bytes.toString()).toBe('old');
  });

  it('lets exactly one of several processes win an If-None-Match create', async () => {
    const startAt = Date.now() + 1_500;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        inChild('put', { root, key: 'race/create', body: `w${i}`, ifNoneMatch: '*', startAt }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.error)).toEqual(
      Array(5).fill('PreconditionFailedError'),
    );
    const winner = results.findIndex((r) => r.ok);
    expect((await store.getBytes('race/create')).bytes.toString()).toBe(`w${winner}`);
  });

  it('lets exactly one of several processes win an If-Match update of one version', async () => {
    const base = await store.put('race/cas', 'base');
    const startAt = Date.now() + 1_500;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        inChild('put', { root, key: 'race/cas', body: `w${i}`, ifMatch: base.etag, startAt }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = results.findIndex((r) => r.ok);
    expect((await store.getBytes('race/cas')).bytes.toString()).toBe(`w${winner}`);
  });
});
