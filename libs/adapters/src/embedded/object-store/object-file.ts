import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { TerminalError } from '@tributary/ports';

/**
 * One object is one file: the body, then a JSON trailer (ETag, content type, metadata), its
 * length and a magic. Body and metadata therefore appear together with a single rename.
 */
export interface ObjectTrailer {
  readonly etag: string;
  readonly size: number;
  readonly contentType?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface ObjectFileInfo {
  readonly trailer: ObjectTrailer;
  readonly mtime: Date;
}

const MAGIC = Buffer.from('TRBOBJ01', 'ascii');
const FOOTER_BYTES = 4 + MAGIC.length;
const MAX_TRAILER_BYTES = 1024 * 1024;

export function encodeTrailer(trailer: ObjectTrailer): Buffer {
  const json = Buffer.from(JSON.stringify(trailer), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([json, length, MAGIC]);
}

function corrupt(path: string, why: string): TerminalError {
  return new TerminalError('OBJECT_CORRUPT', `object file ${path} ${why}`);
}

function footerLength(footer: Buffer, fileSize: number, path: string): number {
  if (!footer.subarray(4).equals(MAGIC)) throw corrupt(path, 'has no trailer');
  const length = footer.readUInt32BE(0);
  if (length > MAX_TRAILER_BYTES || length + FOOTER_BYTES > fileSize) {
    throw corrupt(path, 'has a trailer of impossible length');
  }
  return length;
}

function parseTrailer(json: Buffer, fileSize: number, path: string): ObjectTrailer {
  const trailer = JSON.parse(json.toString('utf8')) as ObjectTrailer;
  if (trailer.size + json.length + FOOTER_BYTES !== fileSize) {
    throw corrupt(path, 'does not match the size in its trailer');
  }
  return trailer;
}

export async function readTrailer(handle: FileHandle, path: string): Promise<ObjectFileInfo> {
  const stat = await handle.stat();
  if (stat.size < FOOTER_BYTES) throw corrupt(path, 'is too short');
  const footer = Buffer.alloc(FOOTER_BYTES);
  await handle.read(footer, 0, FOOTER_BYTES, stat.size - FOOTER_BYTES);
  const length = footerLength(footer, stat.size, path);
  const json = Buffer.alloc(length);
  await handle.read(json, 0, length, stat.size - FOOTER_BYTES - length);
  return { trailer: parseTrailer(json, stat.size, path), mtime: stat.mtime };
}

/** For the critical section of a conditional put: synchronous, so nothing interleaves. */
export function readTrailerSync(path: string): ObjectTrailer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < FOOTER_BYTES) throw corrupt(path, 'is too short');
    const footer = Buffer.alloc(FOOTER_BYTES);
    readSync(fd, footer, 0, FOOTER_BYTES, size - FOOTER_BYTES);
    const length = footerLength(footer, size, path);
    const json = Buffer.alloc(length);
    readSync(fd, json, 0, length, size - FOOTER_BYTES - length);
    return parseTrailer(json, size, path);
  } finally {
    closeSync(fd);
  }
}
