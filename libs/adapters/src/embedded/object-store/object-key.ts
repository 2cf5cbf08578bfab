import { join } from 'node:path';
import { TerminalError } from '@tributary/ports';

/** Suffix of an object's file; never produced by segment encoding (`~` is always escaped). */
export const OBJECT_SUFFIX = '~obj';

const MAX_KEY_BYTES = 1024;
const MAX_FILE_NAME_BYTES = 255;
const RAW = /^[A-Za-z0-9._=,+@-]$/;

function invalid(key: string, why: string): TerminalError {
  return new TerminalError('OBJECT_KEY_INVALID', `object key ${JSON.stringify(key)}: ${why}`);
}

/**
 * A file or directory name for one key segment: bytes outside a small safe set become %XX, so a
 * name never holds a separator, `~`, or a character the file system treats specially.
 */
export function encodeSegment(segment: string): string {
  let out = '';
  for (const char of segment) {
    if (RAW.test(char)) out += char;
    else
      for (const byte of Buffer.from(char, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeSegment(name: string): string {
  return decodeURIComponent(name);
}

/** The segments of a valid key; rejects what could escape the root or collide on disk. */
export function keySegments(key: string): string[] {
  if (key.length === 0) throw invalid(key, 'is empty');
  if (key.includes('\0')) throw invalid(key, 'contains NUL');
  if (Buffer.from(key, 'utf8').toString('utf8') !== key) throw invalid(key, 'is not valid UTF-8');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES)
    throw invalid(key, `exceeds ${MAX_KEY_BYTES} bytes`);
  if (key.startsWith('/')) throw invalid(key, 'is absolute');
  const segments = key.split('/');
  for (const segment of segments) {
    if (segment === '') throw invalid(key, 'has an empty segment (// or a trailing /)');
    if (segment === '.' || segment === '..') throw invalid(key, `has a "${segment}" segment`);
    if (Buffer.byteLength(encodeSegment(segment)) + OBJECT_SUFFIX.length > MAX_FILE_NAME_BYTES) {
      throw invalid(key, 'has a segment too long for a file name');
    }
  }
  return segments;
}

/** The file holding the object `key` under the objects directory. */
export function objectPath(objectsDir: string, key: string): string {
  const segments = keySegments(key).map(encodeSegment);
  const last = segments.pop()!;
  return join(objectsDir, ...segments, `${last}${OBJECT_SUFFIX}`);
}

/**
 * Where a listing of `prefix` starts: the directory of its complete segments and the partial
 * last segment names there must start with; undefined when no valid key can have the prefix.
 */
export function prefixStart(
  prefix: string,
): { readonly dirSegments: string[]; readonly partial: string } | undefined {
  if (prefix.includes('\0') || prefix.startsWith('/')) return undefined;
  const parts = prefix.split('/');
  const partial = parts.pop()!;
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..') return undefined;
  }
  return { dirSegments: parts, partial };
}
