import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { NotFoundError, type ObjectStore, PreconditionFailedError } from '@tributary/ports';

export interface ObjectStoreFixture {
  readonly store: ObjectStore;
  cleanup(): Promise<void>;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every ObjectStore adapter (S3, embedded file system) must pass this same suite. */
export function objectStoreContract(name: string, setup: () => Promise<ObjectStoreFixture>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let fixture: ObjectStoreFixture;
    let store: ObjectStore;
    const prefix = `contract/${randomBytes(4).toString('hex')}/`;

    beforeAll(async () => {
      fixture = await setup();
      store = fixture.store;
    });
    afterAll(async () => fixture.cleanup());

    it('stores bytes and returns them with size and ETag', async () => {
      const body = Buffer.from('id,name\n1,ada\n');
      const put = await store.put(`${prefix}a.csv`, body, {
        contentType: 'text/csv',
        metadata: { 'file-id': 'x' },
      });
      expect(put.etag).not.toBe('');
      const head = await store.head(`${prefix}a.csv`);
      expect(head).toMatchObject({ key: `${prefix}a.csv`, size: body.length, etag: put.etag });
      expect(head?.metadata?.['file-id']).toBe('x');
      const { bytes, info } = await store.getBytes(`${prefix}a.csv`);
      expect(bytes.equals(body)).toBe(true);
      expect(info.etag).toBe(put.etag);
    });

    it('streams a 20 MiB body in and out without changing a byte', async () => {
      const body = randomBytes(20 * 1024 * 1024);
      const chunks = Array.from({ length: 80 }, (_, i) =>
        body.subarray(i * 262_144, (i + 1) * 262_144),
      );
      await store.put(`${prefix}big.bin`, Readable.from(chunks));
      const { body: stream, info } = await store.get(`${prefix}big.bin`);
      expect(info.size).toBe(body.length);
      expect(sha256(await readAll(stream))).toBe(sha256(body));
    });

    it('answers a missing key with undefined (head) and NotFoundError (get)', async () => {
      await expect(store.head(`${prefix}missing`)).resolves.toBeUndefined();
      await expect(store.get(`${prefix}missing`)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('lists exactly the keys under a prefix', async () => {
      const keys = Array.from(
        { length: 25 },
        (_, i) => `${prefix}list/k-${String(i).padStart(2, '0')}`,
      );
      await Promise.all(keys.map((k) => store.put(k, Buffer.from(k))));
      await store.put(`${prefix}listing-not-me`, Buffer.from('x'));
      const listed: string[] = [];
      for await (const info of store.list(`${prefix}list/`)) listed.push(info.key);
      expect(listed.sort()).toEqual(keys);
    });

    it('copies and deletes', async () => {
      await store.put(`${prefix}from`, Buffer.from('copy me'));
      const copied = await store.copy(`${prefix}from`, `${prefix}to`);
      expect(copied.size).toBe(7);
      expect((await store.getBytes(`${prefix}to`)).bytes.toString()).toBe('copy me');
      await store.delete(`${prefix}from`);
      await expect(store.head(`${prefix}from`)).resolves.toBeUndefined();
    });

    it('refuses a second If-None-Match: * put of one key', async () => {
      await store.put(`${prefix}once`, Buffer.from('first'), { ifNoneMatch: '*' });
      await expect(
        store.put(`${prefix}once`, Buffer.from('second'), { ifNoneMatch: '*' }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await store.getBytes(`${prefix}once`)).bytes.toString()).toBe('first');
    });

    it('refuses an If-Match put with a stale ETag and accepts the current one', async () => {
      const v1 = await store.put(`${prefix}cas`, Buffer.from('v1'));
      const v2 = await store.put(`${prefix}cas`, Buffer.from('v2'), { ifMatch: v1.etag });
      await expect(
        store.put(`${prefix}cas`, Buffer.from('v3'), { ifMatch: v1.etag }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      await store.put(`${prefix}cas`, Buffer.from('v3'), { ifMatch: v2.etag });
      expect((await store.getBytes(`${prefix}cas`)).bytes.toString()).toBe('v3');
    });

    it('lets exactly one of ten concurrent If-None-Match creates win', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.put(`${prefix}race-create`, Buffer.from(`writer-${i}`), { ifNoneMatch: '*' }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      for (const r of lost) expect(r.reason).toBeInstanceOf(PreconditionFailedError);
    });

    it('lets exactly one of ten concurrent If-Match updates of one version win', async () => {
      const base = await store.put(`${prefix}race-cas`, Buffer.from('base'));
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.put(`${prefix}race-cas`, Buffer.from(`writer-${i}`), { ifMatch: base.etag }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      expect((await store.getBytes(`${prefix}race-cas`)).bytes.toString()).toBe(`writer-${winner}`);
    });

    it('stores nothing when a streamed put is aborted', async () => {
      const abort = new AbortController();
      const endless = new Readable({
        read() {
          this.push(randomBytes(1024 * 1024));
        },
      });
      const put = store.put(`${prefix}aborted`, endless, { signal: abort.signal });
      setTimeout(() => {
        abort.abort();
        endless.destroy(new Error('client went away'));
      }, 200);
      await expect(put).rejects.toBeDefined();
      await expect(store.head(`${prefix}aborted`)).resolves.toBeUndefined();
    });
  });
}
