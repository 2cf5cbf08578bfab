import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * A Python virtual environment with pinned packages from PyPI, created once per package set
 * under the tools cache (~/.cache/tributary) and reused. Returns its python executable.
 */
export function pythonVenv(name: string, packages: readonly string[]): string {
  const dir = join(
    process.env.TRIBUTARY_TOOLS_DIR ?? join(homedir(), '.cache', 'tributary', 'tools'),
    `venv-${name}`,
  );
  const python = join(dir, 'bin', 'python');
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return python;
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { encoding: 'utf8', timeout: 600_000 });
    if (result.status !== 0)
      throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  };
  run('python3', ['-m', 'venv', dir]);
  run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...packages]);
  run('touch', [marker]);
  return python;
}
