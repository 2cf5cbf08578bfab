import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../stack/repo-root';
import { readStackEnv } from '../stack/stack-env';

export const SERVICE_NAMES = [
  'ingest-gateway',
  'profiler',
  'promoter',
  'quality',
  'notifier',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const PORT_VARIABLE: Record<ServiceName, string> = {
  'ingest-gateway': 'GATEWAY_PORT',
  profiler: 'PROFILER_PORT',
  promoter: 'PROMOTER_PORT',
  quality: 'QUALITY_PORT',
  notifier: 'NOTIFIER_PORT',
};

export interface ServiceProcess {
  readonly name: ServiceName;
  readonly url: string;
  readonly child: ChildProcess;
  /** Every log line so far (JSON lines parsed when possible). */
  readonly logs: unknown[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  kill(): Promise<void>;
}

export interface StartOptions {
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
}

/** The environment a service needs to run against the local stack in a namespace of its own. */
export function serviceEnv(
  namespace: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...readStackEnv(),
    TRIBUTARY_NAMESPACE: namespace,
    S3_BUCKET: namespace,
    S3_ENSURE_BUCKET: 'true',
    ADMIN_TOKEN: 'test-admin-token-0123456789',
    WEBHOOK_SIGNING_SECRET: 'test-webhook-signing-secret-0123456789abcdef',
    LOG_LEVEL: 'info',
    RETRY_BASE_MS: '100',
    RETRY_MAX_MS: '1000',
    ...extra,
  };
}

/** Starts `node services/<name>/dist/main.js` and resolves once it listens (port 0 by default). */
export function startService(
  name: ServiceName,
  options: StartOptions = {},
): Promise<ServiceProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    [PORT_VARIABLE[name]]: '0',
    ...options.env,
  };
  const child = spawn(process.execPath, [join(repoRoot(), 'services', name, 'dist', 'main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: unknown[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in time; stderr: ${stderr.slice(-2000)}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        let parsed: unknown = line;
        try {
          parsed = JSON.parse(line);
        } catch {
          // not JSON: keep the raw line
        }
        logs.push(parsed);
        const url = (parsed as { url?: string; msg?: string }).url;
        if (url && (parsed as { msg?: string }).msg === `${name} listening`) {
          clearTimeout(timer);
          resolve({
            name,
            url,
            child,
            logs,
            stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
              if (child.exitCode === null) child.kill(signal);
              return exited;
            },
            kill: async () => {
              if (child.exitCode === null) child.kill('SIGKILL');
              await exited;
            },
          });
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`${name} exited with ${code} before listening; stderr: ${stderr.slice(-2000)}`),
      );
    });
  });
}

/** Runs a service expecting it to fail at boot; returns its exit code and stderr. */
export function runServiceExpectingExit(
  name: ServiceName,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(repoRoot(), 'services', name, 'dist', 'main.js')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}
