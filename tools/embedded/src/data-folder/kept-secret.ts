import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function isExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EEXIST';
}

/**
 * A secret generated on first use and kept in the data folder (mode 0600), so it stays the same
 * across restarts. Created exclusively: two processes starting at once still agree on one value.
 */
export function keptSecret(dataDir: string, fileName: string, bytes = 24): string {
  const path = join(dataDir, fileName);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(path, randomBytes(bytes).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if (!isExists(error)) throw error;
  }
  const value = readFileSync(path, 'utf8').trim();
  if (value.length < 16) throw new Error(`${path} holds no usable secret: delete it to make one`);
  return value;
}

/** A value kept in the data folder (mode 0600), or undefined when it was never written. */
export function readKept(dataDir: string, fileName: string): string | undefined {
  try {
    return readFileSync(join(dataDir, fileName), 'utf8').trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function writeKept(dataDir: string, fileName: string, value: string): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, fileName), `${value}\n`, { mode: 0o600 });
}
