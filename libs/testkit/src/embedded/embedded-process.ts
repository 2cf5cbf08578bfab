import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../stack/repo-root';

/** The line `tributary dev` prints once every service listens and endpoints.env is written. */
const READY_LINE = 'Tributary is running in embedded mode';

export interface EmbeddedProcess {
  readonly dataDir: string;
  /** `<data-dir>/endpoints.env` as the running process wrote it. */
  readonly endpoints: Readonly<Record<string, string>>;
  readonly gatewayUrl: string;
  readonly qualityUrl: string;
  readonly notifierUrl: string;
  readonly adminToken: string;
  readonly demoSourceKey: string;
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends a signal (SIGTERM by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  kill(): Promise<void>;
}

export interface EmbeddedStartOptions {
  readonly dataDir: string;
  /** Extra arguments of `tributary dev` (the data folder and `--port 0` are always given). */
  readonly args?: readonly string[];
  /** The whole environment of the process (default: PATH and HOME of this one). */
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

export function readEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** The arguments that run the built CLI: `node tools/cli/dist/main.js …`. */
export function cliArgs(args: readonly string[]): string[] {
  return [join(repoRoot(), 'tools/cli/dist/main.js'), ...args];
}

/**
 * Starts `tributary dev` (embedded mode) as its own process, as a user would, and resolves once
 * it printed that it runs; its URLs and credential come from the endpoints file it wrote.
 */
export function startEmbeddedProcess(options: EmbeddedStartOptions): Promise<EmbeddedProcess> {
  const env = options.env ?? { PATH: process.env.PATH, HOME: process.env.HOME };
  const child = spawn(
    process.execPath,
    cliArgs(['dev', '--data-dir', options.dataDir, '--port', '0', ...(options.args ?? [])]),
    { env, cwd: options.cwd ?? tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tributary dev did not start in time; stderr: ${stderr.slice(-3000)}`));
    }, options.timeoutMs ?? 90_000);
    const onData = () => {
      if (!stdout.includes(READY_LINE)) return;
      child.stdout.off('data', onData);
      clearTimeout(timer);
      const endpoints = readEnvFile(join(options.dataDir, 'endpoints.env'));
      resolve({
        dataDir: options.dataDir,
        endpoints,
        gatewayUrl: endpoints.GATEWAY_URL!,
        qualityUrl: endpoints.QUALITY_SERVICE_URL!,
        notifierUrl: endpoints.NOTIFIER_SERVICE_URL!,
        adminToken: endpoints.ADMIN_TOKEN!,
        demoSourceKey: endpoints.DEMO_SOURCE_KEY!,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `tributary dev exited with ${code} before running; stderr: ${stderr.slice(-3000)}`,
        ),
      );
    });
  });
}

/** Runs the CLI to its end (e.g. a `dev` expected to refuse, or `demo`): exit code and output. */
export function runCliToEnd(
  args: readonly string[],
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    timeoutMs?: number;
    /** The Node.js binary that runs the CLI (default: the one running the tests). */
    node?: string;
  } = {},
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(options.node ?? process.execPath, cliArgs(args), {
    env: options.env ?? { PATH: process.env.PATH, HOME: process.env.HOME },
    cwd: options.cwd ?? tmpdir(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    }),
  );
}
