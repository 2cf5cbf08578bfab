import { createHash } from 'node:crypto';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { type PutOptions, TerminalError } from '@tributary/ports';
import { errnoCode, mapFsError } from '../fs-errors';
import { encodeTrailer, type ObjectTrailer } from './object-file';

const ERROR_PREFIX = 'OBJECT_STORE';
// ENOENT: a concurrent delete pruned the directory, so there is nothing left to make durable.
const UNSYNCABLE_DIRECTORY = new Set(['EISDIR', 'EPERM', 'EINVAL', 'EACCES', 'ENOENT']);

/** S3 returns user metadata names in lower case (they travel as HTTP headers). */
function normaliseMetadata(
  metadata: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (!metadata) return undefined;
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k.toLowerCase(), v]));
}

function chunkBytes(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
  throw new TerminalError('OBJECT_BODY_INVALID', 'a body stream must yield bytes or strings');
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
    written += bytesWritten;
  }
}

/** Streams the body to a temp file (hashing on the way), then appends the trailer. */
export async function writeTempObject(
  temp: string,
  key: string,
  body: Buffer | string | Readable,
  options: PutOptions,
  fsync: boolean,
): Promise<{ trailer: ObjectTrailer; mtime: Date }> {
  const signal = options.signal;
  const hash = createHash('md5');
  let size = 0;
  const onAbort = (): void => {
    if (body instanceof Readable) body.destroy(new Error('put aborted'));
  };
  let handle: FileHandle | undefined;
  try {
    signal?.throwIfAborted();
    signal?.addEventListener('abort', onAbort, { once: true });
    handle = await open(temp, 'wx');
    const chunks: AsyncIterable<unknown> | Iterable<unknown> =
      body instanceof Readable ? body : [body];
    for await (const chunk of chunks) {
      signal?.throwIfAborted();
      const bytes = chunkBytes(chunk);
      hash.update(bytes);
      size += bytes.length;
      await writeAll(handle, bytes);
    }
    signal?.throwIfAborted();
    const trailer: ObjectTrailer = {
      etag: hash.digest('hex'),
      size,
      contentType: options.contentType,
      metadata: normaliseMetadata(options.metadata),
    };
    await writeAll(handle, encodeTrailer(trailer));
    if (fsync) await handle.datasync();
    const { mtime } = await handle.stat();
    return { trailer, mtime };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    handle = undefined;
    await rm(temp, { force: true });
    if (signal?.aborted) {
      throw new TerminalError('ABORTED', `put ${key}: aborted`, { cause: error });
    }
    if (errnoCode(error) === undefined && !(error instanceof TerminalError)) {
      throw new TerminalError('OBJECT_BODY_FAILED', `put ${key}: reading the body failed`, {
        cause: error,
      });
    }
    throw mapFsError(error, `put ${key}`, ERROR_PREFIX);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await handle?.close();
  }
}

/** fsyncs the directory of a rename and the parents of directories it had to create. */
export async function syncDirectories(
  fsync: boolean,
  firstCreated: string | undefined,
  dir: string,
  what: string,
): Promise<void> {
  if (!fsync) return;
  const dirs = [dir];
  if (firstCreated) {
    const top = dirname(firstCreated);
    for (let d = dir; d !== top && d !== dirname(d); d = dirname(d)) dirs.push(dirname(d));
  }
  for (const d of dirs) {
    let handle: FileHandle | undefined;
    try {
      handle = await open(d, 'r');
      await handle.sync();
    } catch (error) {
      // Some platforms cannot open or fsync a directory; the rename itself is still atomic.
      if (!UNSYNCABLE_DIRECTORY.has(errnoCode(error) ?? '')) {
        throw mapFsError(error, `${what}: fsync ${d}`, ERROR_PREFIX);
      }
    } finally {
      await handle?.close();
    }
  }
}
