import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDockerStack, stopDockerStack } from './docker-stack';
import { repoRoot } from './repo-root';

/** A marker telling global teardown that this test run started the stack (and must stop it). */
function startedMarker(): string {
  return join(repoRoot(), '.stack', 'started-by-jest');
}

function run(script: string, env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync('bash', [join(repoRoot(), script)], {
    cwd: repoRoot(),
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`${script} failed with exit code ${result.status}`);
}

function isStackUp(): boolean {
  const result = spawnSync('bash', [join(repoRoot(), 'scripts/stack/status.sh')], {
    cwd: repoRoot(),
    stdio: 'ignore',
  });
  return result.status === 0;
}

/** Starts the stack unless it is already up; remembers whether this process started it. */
export async function ensureStackUp(): Promise<void> {
  if (process.env.TRIBUTARY_STACK === 'docker') {
    await startDockerStack();
    return;
  }
  if (isStackUp()) return;
  run('scripts/stack/up.sh');
  mkdirSync(join(repoRoot(), '.stack'), { recursive: true });
  writeFileSync(startedMarker(), String(process.pid));
}

/** Stops the stack when this test run started it; leaves a stack someone else started alone. */
export async function stopStackIfStartedByTests(): Promise<void> {
  if (process.env.TRIBUTARY_STACK === 'docker') {
    await stopDockerStack();
    return;
  }
  const marker = startedMarker();
  if (!existsSync(marker)) return;
  readFileSync(marker, 'utf8');
  rmSync(marker, { force: true });
  if (process.env.TRIBUTARY_KEEP_STACK === '1') return;
  run('scripts/stack/down.sh');
}

/** Builds the workspace (incremental) so services can run as separate node processes. */
export function buildWorkspace(): void {
  const result = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], {
    cwd: repoRoot(),
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('workspace build failed');
}
