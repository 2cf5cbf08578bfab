import { ConfigError } from '../config/config-error';

export interface Closable {
  close(): Promise<void>;
}

/** Exit code for a configuration error (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

/**
 * Runs a service's main: a bad configuration exits 78 naming the variable; SIGTERM/SIGINT close
 * the service gracefully (in-flight work finishes or is handed back) within the timeout.
 */
export function runMain(
  service: string,
  main: () => Promise<Closable>,
  options: { shutdownTimeoutMs?: number } = {},
): void {
  let running: Closable | undefined;
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    const timeout = options.shutdownTimeoutMs ?? 20_000;
    const timer = setTimeout(() => {
      process.stderr.write(`${service}: shutdown took longer than ${timeout} ms, exiting\n`);
      process.exit(1);
    }, timeout);
    timer.unref();
    process.stderr.write(`${service}: ${signal} received, shutting down\n`);
    void (running?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${service}: error during shutdown: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  main().then(
    (service_) => {
      running = service_;
      if (closing) void service_.close();
    },
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${service}: ${error.message}\n`);
        process.exit(EXIT_CONFIG);
      }
      process.stderr.write(
        `${service}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
