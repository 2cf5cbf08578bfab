import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

/** Where `npm run stack:up` writes the endpoints (KEY=value lines). */
export function stackEnvPath(): string {
  return process.env.TRIBUTARY_STACK_ENV ?? join(repoRoot(), '.stack', 'env');
}

export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) continue;
    out[trimmed.slice(0, eq)] = trimmed.slice(eq + 1);
  }
  return out;
}

/** The stack's endpoints; throws with a hint when the stack is not up. */
export function readStackEnv(path: string = stackEnvPath()): Record<string, string> {
  if (!existsSync(path)) {
    throw new Error(`no stack env at ${path}: run \`npm run stack:up\` (or the jest global setup)`);
  }
  return parseEnvFile(readFileSync(path, 'utf8'));
}

/** Copies the stack's endpoints into process.env (existing values win). */
export function applyStackEnv(env: Record<string, string> = readStackEnv()): void {
  for (const [key, value] of Object.entries(env)) process.env[key] ??= value;
}
