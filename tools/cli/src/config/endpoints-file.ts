import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The endpoints file `tributary dev` writes into its data folder (tools/embedded,
 * data-folder/endpoints-file.ts): the `.stack/env` keys plus TRIBUTARY_MODE and
 * TRIBUTARY_DATA_DIR. Read here without loading the runner, which takes seconds to load.
 */
const ENDPOINTS_FILE = 'endpoints.env';
const DEFAULT_DATA_DIR = '.tributary';

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'"))
    return value.slice(1, -1).replace(/'\\''/g, "'");
  return value;
}

/** KEY=value lines (comments skipped, shell single quotes removed); undefined when absent. */
export function readEnvFile(path: string): Record<string, string> | undefined {
  if (!existsSync(path)) return undefined;
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#'))
      out[line.slice(0, eq).trim()] = unquote(line.slice(eq + 1).trim());
  }
  return out;
}

/** The user asked for embedded mode: TRIBUTARY_MODE=embedded or a TRIBUTARY_DATA_DIR. */
export function embeddedRequested(): boolean {
  return process.env.TRIBUTARY_MODE === 'embedded' || Boolean(process.env.TRIBUTARY_DATA_DIR);
}

/** The embedded data folder: the flag, then TRIBUTARY_DATA_DIR, then ./.tributary. */
export function embeddedDataDir(flag?: string): string {
  return resolve(flag || process.env.TRIBUTARY_DATA_DIR || DEFAULT_DATA_DIR);
}

export function embeddedEndpointsPath(dataDir: string = embeddedDataDir()): string {
  return join(dataDir, ENDPOINTS_FILE);
}

/** What the last `tributary dev` on that folder wrote (it may have stopped since). */
export function embeddedEndpoints(
  dataDir: string = embeddedDataDir(),
): Record<string, string> | undefined {
  return readEnvFile(embeddedEndpointsPath(dataDir));
}

/** The endpoints file names a `tributary dev` that is still running (its process is alive). */
export function isRunning(endpoints: Record<string, string> | undefined): boolean {
  const pid = Number(endpoints?.TRIBUTARY_PID);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
