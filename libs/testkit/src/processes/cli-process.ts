import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../stack/repo-root';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (for --json commands); throws when it is not JSON. */
  json<T = unknown>(): T;
}

/** Runs the built `tributary` command (tools/cli/dist/main.js) in a neutral working folder. */
export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  input?: { cwd?: string },
): Promise<CliResult> {
  const child = spawn(process.execPath, [join(repoRoot(), 'tools/cli/dist/main.js'), ...args], {
    cwd: input?.cwd ?? tmpdir(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) =>
    child.once('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        json: <T>() => {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`not JSON (exit ${code}): ${stdout}\n${stderr}`);
          }
        },
      }),
    ),
  );
}

/** Runs `tributary <args> --json`, expecting exit 0; answers the parsed output. */
export async function runCliJson<T = unknown>(
  args: readonly string[],
  env: Record<string, string>,
): Promise<T> {
  const result = await runCli([...args, '--json'], env);
  if (result.code !== 0)
    throw new Error(`tributary ${args.join(' ')}: exit ${result.code} ${result.stderr}`);
  return result.json<T>();
}
