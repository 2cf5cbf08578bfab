// The Python peers (dlt, PySpark) run in a venv of their own under the bench cache, created on
// demand from bench/python/requirements.txt (exact pins) and reused while that file is unchanged.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './log.mjs';

export function ensureVenv(cache, requirementsPath) {
  const hash = createHash('sha256')
    .update(readFileSync(requirementsPath))
    .digest('hex')
    .slice(0, 12);
  const dir = join(cache, `venv-${hash}`);
  const python = join(dir, 'bin', 'python');
  if (existsSync(join(dir, '.complete'))) return { python, dir };
  const base = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!base) throw new Error('python3 is needed for the dlt and PySpark peers');
  log(
    `python: creating ${dir} and installing ${requirementsPath} (first run only; pyspark is ~430 MB)`,
  );
  rmSync(dir, { recursive: true, force: true });
  const venv = spawnSync(base, ['-m', 'venv', dir], { stdio: 'inherit' });
  if (venv.status !== 0) throw new Error('python -m venv failed');
  const pip = spawnSync(
    python,
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-input',
      '-q',
      '-r',
      requirementsPath,
    ],
    { stdio: 'inherit', env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
  );
  if (pip.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error('pip install of the bench requirements failed');
  }
  writeFileSync(join(dir, '.complete'), new Date().toISOString());
  return { python, dir };
}

/**
 * Runs a contestant script (argv[2] = JSON job), returns its last stdout line parsed as JSON.
 * `onStart(pid)` lets the caller watch the process.
 */
export function runJsonProcess(command, args, { env, logPath, onStart } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onStart?.(child.pid);
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (logPath) writeFileSync(logPath, `${out}\n--- stderr ---\n${err}`);
      const line = out.trim().split('\n').pop();
      if (code !== 0)
        return reject(new Error(`${args[0]} exited with ${code}: ${err.slice(-1500)}`));
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`${args[0]}: no JSON result (${out.slice(-500)})`));
      }
    });
  });
}
