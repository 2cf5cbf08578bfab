import { type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isMissing } from '../fs-errors';
import { decodeSegment, encodeSegment, OBJECT_SUFFIX, prefixStart } from './object-key';

export interface WalkedObject {
  readonly key: string;
  readonly path: string;
}

interface Entry {
  readonly segment: string;
  readonly name: string;
  readonly isObject: boolean;
  /** A directory stands for keys `segment/…`: sorting it as `segment/` keeps key order. */
  readonly order: Buffer;
}

/** Object files whose keys start with `prefix`, in key (UTF-8 byte) order, one directory at a time. */
export async function* walkObjects(
  objectsDir: string,
  prefix: string,
): AsyncGenerator<WalkedObject> {
  const start = prefixStart(prefix);
  if (!start) return;
  const dir = join(objectsDir, ...start.dirSegments.map(encodeSegment));
  const keyPrefix = start.dirSegments.map((s) => `${s}/`).join('');
  yield* walkDirectory(dir, keyPrefix, start.partial);
}

async function* walkDirectory(
  dir: string,
  keyPrefix: string,
  partial: string,
): AsyncGenerator<WalkedObject> {
  let dirents: Dirent[];
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    // A directory pruned by a concurrent delete simply holds nothing any more.
    if (isMissing(error)) return;
    throw error;
  }
  const entries: Entry[] = [];
  for (const dirent of dirents) {
    const entry = toEntry(dirent);
    if (entry && entry.segment.startsWith(partial)) entries.push(entry);
  }
  entries.sort((a, b) => Buffer.compare(a.order, b.order));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isObject) yield { key: keyPrefix + entry.segment, path };
    else yield* walkDirectory(path, `${keyPrefix}${entry.segment}/`, '');
  }
}

/** Anything we did not write ourselves (a foreign file, a bad name) is not an object. */
function toEntry(dirent: Dirent): Entry | undefined {
  const isObject = dirent.isFile() && dirent.name.endsWith(OBJECT_SUFFIX);
  if (!isObject && !dirent.isDirectory()) return undefined;
  const encoded = isObject ? dirent.name.slice(0, -OBJECT_SUFFIX.length) : dirent.name;
  let segment: string;
  try {
    segment = decodeSegment(encoded);
  } catch {
    return undefined;
  }
  if (segment === '' || encodeSegment(segment) !== encoded) return undefined;
  return {
    segment,
    name: dirent.name,
    isObject,
    order: Buffer.from(isObject ? segment : `${segment}/`, 'utf8'),
  };
}
