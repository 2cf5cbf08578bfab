import type { Readable } from 'node:stream';

export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface PutOptions {
  readonly contentType?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** `*`: create only; fails with PreconditionFailedError when the key exists. */
  readonly ifNoneMatch?: '*';
  /** Replace only the version with this ETag; fails with PreconditionFailedError otherwise. */
  readonly ifMatch?: string;
  /** Aborts a streamed put: nothing is stored. */
  readonly signal?: AbortSignal;
}

export interface StoredObject {
  readonly body: Readable;
  readonly info: ObjectInfo;
}

/** One bucket of objects addressed by key (the layout of SPEC §2 lives in contracts). */
export interface ObjectStore {
  /** Stores a body; a stream of unknown length is streamed, never buffered whole. */
  put(key: string, body: Buffer | string | Readable, options?: PutOptions): Promise<ObjectInfo>;
  /** Throws NotFoundError when the key does not exist. */
  get(key: string): Promise<StoredObject>;
  /** The whole object in memory (for small objects: pointers, summaries). */
  getBytes(key: string): Promise<{ bytes: Buffer; info: ObjectInfo }>;
  head(key: string): Promise<ObjectInfo | undefined>;
  list(prefix: string): AsyncIterable<ObjectInfo>;
  copy(fromKey: string, toKey: string): Promise<ObjectInfo>;
  delete(key: string): Promise<void>;
  /** Answers when the store is reachable (readiness). */
  ping(): Promise<void>;
}
