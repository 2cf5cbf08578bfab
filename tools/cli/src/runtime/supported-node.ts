import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { constants } from 'node:os';
import { join } from 'node:path';
import { toolsDir } from '../config/runtime.config';
import { CliError, EXIT } from '../exit-codes';

/** Commands that run the services in this process: embedded mode stores state with node:sqlite. */
const EMBEDDED_COMMANDS = new Set(['dev', 'demo']);

/** The Node.js `npm start` provisions (scripts/bootstrap-node.sh, NODE24_VERSION): one cache. */
const PROVISIONED_NODE = '24.21.0';

/** Whether this command needs a newer Node.js than the one running it (no node:sqlite). */
export function needsNewerNode(argv: readonly string[]): boolean {
  return EMBEDDED_COMMANDS.has(argv[2] ?? '') && !isBuiltin('node:sqlite');
}

/**
 * Runs the same command under the Node.js `npm start` uses, provisioning it from the npm
 * registry's `node` package the first time, as `npm start` would; answers its exit code.
 */
export async function runUnderProvisionedNode(argv: readonly string[]): Promise<number> {
  const dir = join(toolsDir(), `node-${PROVISIONED_NODE}`);
  const node = join(dir, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node)) {
    process.stderr.write(
      `tributary: embedded mode needs Node.js >= 22.13 (node:sqlite) and this is ${process.versions.node}; provisioning Node.js ${PROVISIONED_NODE} into ${dir}\n`,
    );
    const npm = spawnSync(
      'npm',
      [
        'install',
        '--silent',
        '--no-audit',
        '--no-fund',
        '--prefix',
        dir,
        `node@${PROVISIONED_NODE}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (npm.status !== 0 || !existsSync(node))
      throw new CliError(
        `embedded mode needs Node.js >= 22.13 and Node.js ${PROVISIONED_NODE} could not be provisioned (npm exit ${npm.status ?? npm.error?.message}); install Node.js 22.13 or later, or run \`npm start\` in the repository`,
        EXIT.unavailable,
      );
  }
  const child = spawn(node, argv.slice(1), { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward(signal));
  return new Promise((resolve) =>
    child.once('exit', (code, signal) =>
      resolve(code ?? (signal ? 128 + constants.signals[signal] : EXIT.unexpected)),
    ),
  );
}
