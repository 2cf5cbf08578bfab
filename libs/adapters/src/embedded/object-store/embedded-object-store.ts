import { randomUUID } from 'node:crypto';
import { constants, mkdirSync, renameSync, rmdirSync, unlinkSync } from 'node:fs';
import {
  access,
  copyFile,
  mkdir,
  open,
  readdir,
  rm,
  stat,
  type FileHandle,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import {
  NotFoundError,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
  PreconditionFailedError,
  type StoredObject,
  TerminalError,
} from '@tributary/ports';
import { embeddedLayout, type EmbeddedLayout } from '../embedded-layout';
import { isMissing, mapFsError } from '../fs-errors';
import { CrossProcessMutex } from '../sqlite/cross-process-mutex';
import { type ObjectTrailer, readTrailer, readTrailerSync } from './object-file';
import { objectPath } from './object-key';
import { walkObjects } from './object-walk';
import { syncDirectories, writeTempObject } from './temp-object';

export interface EmbeddedObjectStoreConfig {
  /** The embedded data folder; objects live under `<root>/objects`. */
  readonly root: string;
  /** fsync bodies and directories before a put resolves (default true). */
  readonly fsync?: boolean;
  /** How long a put waits for another process's critical section (default 10 s). */
  readonly lockTimeoutMs?: number;
  /** Temp files of puts older than this are leftovers of a crash and removed at open (1 h). */
  readonly staleTempMs?: number;
}

const ERROR_PREFIX = 'OBJECT_STORE';

function stripQuotes(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

function toInfo(key: string, trailer: ObjectTrailer, lastModified: Date): ObjectInfo {
  return {
    key,
    size: trailer.size,
    etag: trailer.etag,
    lastModified,
    contentType: trailer.contentType,
    metadata: trailer.metadata,
  };
}

/**
 * An ObjectStore over a directory (embedded mode). Each object is one file written to a temp
 * file and renamed into place, so readers see the old object or the new one, never a mix.
 * Every rename and delete happens inside a lock shared by all processes using the folder,
 * which makes If-None-Match and If-Match puts atomic (README: guarantees).
 */
export class EmbeddedObjectStore implements ObjectStore {
  private readonly layout: EmbeddedLayout;
  private readonly mutex: CrossProcessMutex;
  private readonly fsync: boolean;
  private ready: Promise<void> | undefined;

  constructor(private readonly config: EmbeddedObjectStoreConfig) {
    this.layout = embeddedLayout(config.root);
    this.mutex = new CrossProcessMutex(this.layout.objectsLock, config.lockTimeoutMs ?? 10_000);
    this.fsync = config.fsync ?? true;
  }

  async put(
    key: string,
    body: Buffer | string | Readable,
    options: PutOptions = {},
  ): Promise<ObjectInfo> {
    const path = objectPath(this.layout.objects, key);
    await this.init();
    const temp = this.tempPath();
    const written = await writeTempObject(temp, key, body, options, this.fsync);
    let created: string | undefined;
    try {
      created = this.mutex.run(`put ${key}`, () => {
        const current =
          options.ifNoneMatch || options.ifMatch !== undefined ? readTrailerSync(path) : undefined;
        if (options.ifNoneMatch === '*' && current) {
          throw new PreconditionFailedError(`put ${key}: the object exists (If-None-Match: *)`);
        }
        if (options.ifMatch !== undefined && current?.etag !== stripQuotes(options.ifMatch)) {
          throw new PreconditionFailedError(
            `put ${key}: ${current ? `ETag is ${current.etag}` : 'no such object'}, not ${options.ifMatch} (If-Match)`,
          );
        }
        return this.moveIntoPlace(temp, path);
      });
    } catch (error) {
      await rm(temp, { force: true });
      throw mapFsError(error, `put ${key}`, ERROR_PREFIX);
    }
    await syncDirectories(this.fsync, created, dirname(path), `put ${key}`);
    return toInfo(key, written.trailer, written.mtime);
  }

  async get(key: string): Promise<StoredObject> {
    const path = objectPath(this.layout.objects, key);
    const handle = await this.openObject(key, path);
    if (!handle) throw new NotFoundError(`get ${key}: no such object`);
    let info: ObjectInfo;
    try {
      const { trailer, mtime } = await readTrailer(handle, path);
      info = toInfo(key, trailer, mtime);
    } catch (error) {
      await handle.close();
      throw mapFsError(error, `get ${key}`, ERROR_PREFIX);
    }
    if (info.size === 0) {
      await handle.close();
      return { body: Readable.from([]), info };
    }
    // The open handle pins this version: a concurrent put renames a new file over the name only.
    return { body: handle.createReadStream({ start: 0, end: info.size - 1 }), info };
  }

  async getBytes(key: string): Promise<{ bytes: Buffer; info: ObjectInfo }> {
    const path = objectPath(this.layout.objects, key);
    const handle = await this.openObject(key, path);
    if (!handle) throw new NotFoundError(`get ${key}: no such object`);
    try {
      const { trailer, mtime } = await readTrailer(handle, path);
      const bytes = Buffer.alloc(trailer.size);
      let read = 0;
      while (read < bytes.length) {
        const { bytesRead } = await handle.read(bytes, read, bytes.length - read, read);
        if (bytesRead === 0) throw new TerminalError('OBJECT_CORRUPT', `${path} ended early`);
        read += bytesRead;
      }
      return { bytes, info: toInfo(key, trailer, mtime) };
    } catch (error) {
      throw mapFsError(error, `get ${key}`, ERROR_PREFIX);
    } finally {
      await handle.close();
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const path = objectPath(this.layout.objects, key);
    return this.infoAt(key, path);
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    await this.init();
    try {
      for await (const { key, path } of walkObjects(this.layout.objects, prefix)) {
        const info = await this.infoAt(key, path);
        if (info) yield info;
      }
    } catch (error) {
      throw mapFsError(error, `list ${prefix}`, ERROR_PREFIX);
    }
  }

  async copy(fromKey: string, toKey: string): Promise<ObjectInfo> {
    const fromPath = objectPath(this.layout.objects, fromKey);
    const toPath = objectPath(this.layout.objects, toKey);
    await this.init();
    const temp = this.tempPath();
    try {
      try {
        await copyFile(fromPath, temp, constants.COPYFILE_EXCL);
      } catch (error) {
        if (isMissing(error)) throw new NotFoundError(`copy ${fromKey}: no such object`);
        throw error;
      }
      const handle = await open(temp, 'r+');
      let info: ObjectInfo;
      try {
        const now = new Date();
        await handle.utimes(now, now);
        if (this.fsync) await handle.datasync();
        const { trailer, mtime } = await readTrailer(handle, temp);
        info = toInfo(toKey, trailer, mtime);
      } finally {
        await handle.close();
      }
      const created = this.mutex.run(`copy ${fromKey} → ${toKey}`, () =>
        this.moveIntoPlace(temp, toPath),
      );
      await syncDirectories(this.fsync, created, dirname(toPath), `copy ${fromKey} → ${toKey}`);
      return info;
    } catch (error) {
      await rm(temp, { force: true });
      throw mapFsError(error, `copy ${fromKey} → ${toKey}`, ERROR_PREFIX);
    }
  }

  async delete(key: string): Promise<void> {
    const path = objectPath(this.layout.objects, key);
    await this.init();
    try {
      this.mutex.run(`delete ${key}`, () => {
        try {
          unlinkSync(path);
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
        this.pruneEmptyDirectories(dirname(path));
      });
    } catch (error) {
      throw mapFsError(error, `delete ${key}`, ERROR_PREFIX);
    }
    await syncDirectories(this.fsync, undefined, dirname(path), `delete ${key}`);
  }

  async ping(): Promise<void> {
    await this.init();
    try {
      await access(this.layout.objects, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw mapFsError(error, `objects folder ${this.layout.objects}`, ERROR_PREFIX);
    }
  }

  close(): void {
    this.mutex.close();
  }

  private async init(): Promise<void> {
    this.ready ??= this.prepareFolders().catch((error: unknown) => {
      this.ready = undefined;
      throw mapFsError(error, `open ${this.layout.objects}`, ERROR_PREFIX);
    });
    return this.ready;
  }

  private async prepareFolders(): Promise<void> {
    await mkdir(this.layout.objects, { recursive: true });
    await mkdir(this.layout.objectsTmp, { recursive: true });
    const staleBefore = Date.now() - (this.config.staleTempMs ?? 3_600_000);
    for (const name of await readdir(this.layout.objectsTmp)) {
      const path = join(this.layout.objectsTmp, name);
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtimeMs < staleBefore) await rm(path, { force: true });
    }
  }

  private tempPath(): string {
    return join(this.layout.objectsTmp, `${randomUUID()}.tmp`);
  }

  /** Inside the lock: creates the key's directories and renames; returns the first new one. */
  private moveIntoPlace(temp: string, path: string): string | undefined {
    const created = mkdirSync(dirname(path), { recursive: true });
    renameSync(temp, path);
    return created;
  }

  /** Inside the lock, so a put cannot lose the directory it just created. */
  private pruneEmptyDirectories(dir: string): void {
    const root = this.layout.objects;
    for (
      let current = dir;
      current.startsWith(root) && current !== root;
      current = dirname(current)
    ) {
      try {
        rmdirSync(current);
      } catch {
        return;
      }
    }
  }

  private async openObject(key: string, path: string): Promise<FileHandle | undefined> {
    try {
      return await open(path, 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw mapFsError(error, `open ${key}`, ERROR_PREFIX);
    }
  }

  private async infoAt(key: string, path: string): Promise<ObjectInfo | undefined> {
    const handle = await this.openObject(key, path);
    if (!handle) return undefined;
    try {
      const { trailer, mtime } = await readTrailer(handle, path);
      return toInfo(key, trailer, mtime);
    } catch (error) {
      throw mapFsError(error, `head ${key}`, ERROR_PREFIX);
    } finally {
      await handle.close();
    }
  }
}
