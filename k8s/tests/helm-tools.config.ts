import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..');

/**
 * The helm binary the chart is checked with: $HELM when set, else the one scripts/k8s/tools.sh
 * installs (it installs on first use and prints HELM=<path>; later runs only print).
 */
export function helmBinary(): string {
  if (process.env.HELM) return process.env.HELM;
  const output = execFileSync('bash', [join(REPO_ROOT, 'scripts', 'k8s', 'tools.sh')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = output.split('\n').find((l) => l.startsWith('HELM='));
  if (!line) throw new Error(`scripts/k8s/tools.sh printed no HELM= line:\n${output}`);
  return line.slice('HELM='.length);
}

export const CHART_DIR = join(REPO_ROOT, 'k8s', 'tributary');
export const EXAMPLES_DIR = join(REPO_ROOT, 'k8s', 'examples');
