import type * as Embedded from '@tributary/embedded';
import type { EmbeddedConfig, EmbeddedFlags, EmbeddedInstance } from '@tributary/embedded';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';

/** Flags `dev` and `demo` share: where the data lives and how the services listen. */
export function withEmbeddedOptions(command: Command, defaultPort: string): Command {
  return command
    .option(
      '--data-dir <dir>',
      'the folder everything is kept in (default: $TRIBUTARY_DATA_DIR or ./.tributary)',
    )
    .option('--port <port>', `gateway port; 0 picks a free one (default: ${defaultPort})`)
    .option('--host <host>', 'interface the services listen on (default: 127.0.0.1)')
    .option(
      '--log-level <level>',
      'service logs on stdout: fatal, error, warn, info, debug, trace or silent (default: warn)',
    )
    .option(
      '--webhook-url <url>',
      'deliver alerts (drift, dead letters, rejections) to this webhook',
    );
}

/** Loads the runner (it takes a few seconds: every service) and validates its settings. */
export async function loadRunner(
  flags: EmbeddedFlags,
): Promise<{ runner: typeof Embedded; config: EmbeddedConfig }> {
  const runner = await import('@tributary/embedded');
  try {
    return { runner, config: runner.loadEmbeddedConfig(flags) };
  } catch (error) {
    if (error instanceof runner.ConfigError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

/** Starts embedded mode; a busy port or data folder becomes a message that says what to do. */
export async function startRunner(
  runner: typeof Embedded,
  config: EmbeddedConfig,
): Promise<EmbeddedInstance> {
  try {
    return await runner.startEmbedded(config);
  } catch (error) {
    if (error instanceof runner.PortInUseError)
      throw new CliError(
        `${error.message}; is another Tributary running? Pass --port (0 picks a free one)`,
        EXIT.unavailable,
      );
    if (error instanceof runner.DataFolderBusyError)
      throw new CliError(
        `${error.message}; use it (the CLI finds it through ${runner.endpointsPath(error.dataDir)}) or pass another --data-dir`,
        EXIT.conflict,
      );
    if (error instanceof runner.ConfigError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

/**
 * Resolves on the first SIGINT or SIGTERM. A second one while stopping exits at once; so does a
 * stop that takes longer than `timeoutMs`.
 */
export function untilSignal(timeoutMs: number): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) {
        process.stderr.write(`tributary: ${signal} again, exiting without waiting\n`);
        process.exit(EXIT.unexpected);
      }
      received = true;
      setTimeout(() => {
        process.stderr.write(`tributary: stopping took longer than ${timeoutMs} ms, exiting\n`);
        process.exit(EXIT.unexpected);
      }, timeoutMs).unref();
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Stops the instance; exits even when a stray handle would keep the process alive. */
export async function stopRunner(instance: EmbeddedInstance, why: string): Promise<void> {
  process.stderr.write(`tributary: ${why}, stopping the services\n`);
  await instance.close();
  process.stderr.write('tributary: stopped; every service closed\n');
  setTimeout(() => process.exit(process.exitCode ?? EXIT.ok), 3000).unref();
}

/** How to call the CLI so it finds this data folder: plain when it is ./.tributary. */
export function cliFor(dataDir: string): string {
  if (resolve('.tributary') === dataDir) return 'npx tributary';
  const quoted = /^[A-Za-z0-9_./-]+$/.test(dataDir)
    ? dataDir
    : `'${dataDir.replace(/'/g, `'\\''`)}'`;
  return `TRIBUTARY_DATA_DIR=${quoted} npx tributary`;
}
