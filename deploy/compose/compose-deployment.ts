import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { ENGINE_DIR, engineEnv } from './config/engine.config';

const exec = promisify(execFile);
export const REPO_ROOT = join(__dirname, '..', '..');
export interface Executed {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; never throws on a non-zero exit (the caller asserts on it). */
export async function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Executed> {
  try {
    const { stdout, stderr } = await exec(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...engineEnv(), ...options.env },
      maxBuffer: 256 * 1024 * 1024,
      timeout: options.timeoutMs ?? 15 * 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? String(error),
    };
  }
}

/** Like run, but a non-zero exit is an error carrying the command's output. */
export async function runOk(
  command: string,
  args: readonly string[],
  options: Parameters<typeof run>[2] = {},
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0)
    throw new Error(
      `${command} ${args.join(' ')}: exit ${result.code}\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

/** KEY=value lines of a file (the local-images.env the stand-in build writes). */
function envFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export interface PreparedImages {
  /** Whether scripts/docker/up.sh started the engine (then the test stops it). */
  readonly startedEngine: boolean;
  readonly version: string;
  /** The image variables of docker-compose.yml pointing at the local stand-ins. */
  readonly imageVariables: Record<string, string>;
  readonly buildSeconds: number;
}

/** Starts the engine, builds the stand-in base images and the Tributary image (npm run images). */
export async function prepareImages(): Promise<PreparedImages> {
  const started = Date.now();
  const up = await runOk('bash', ['scripts/docker/up.sh']);
  await runOk('bash', ['scripts/docker/local-images.sh']);
  const imageVariables = envFile(join(ENGINE_DIR, 'local-images.env'));
  await runOk('npm', ['run', '--silent', 'images'], {
    env: {
      NODE_IMAGE: imageVariables.NODE_IMAGE ?? '',
      // The engine's bridge has no route out: npm ci in the build uses the host's network and CA.
      TRIBUTARY_BUILD_NETWORK: 'host',
      NPM_CONFIG_CAFILE: '/etc/ssl/certs/ca-certificates.crt',
      TRIBUTARY_BUILD_LOG: join(tmpdir(), 'tributary-image-build.log'),
    },
  });
  const version = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  return {
    startedEngine: !up.includes('already running'),
    version,
    imageVariables,
    buildSeconds: Math.round((Date.now() - started) / 1000),
  };
}

export interface ComposeProject {
  /** A folder holding docker-compose.yml and its .env, as a user's checkout would. */
  readonly dir: string;
  readonly name: string;
  compose(args: readonly string[], timeoutMs?: number): Promise<Executed>;
  /** Container name of a service's (first) container. */
  container(service: string): string;
}

/**
 * A folder with the repository's docker-compose.yml and a .env of its own (ports away from the
 * defaults, the stand-in images, a webhook sink), so the test runs the compose file as a user does.
 */
export function composeProject(
  name: string,
  images: PreparedImages,
  settings: Record<string, string>,
): ComposeProject {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  copyFileSync(join(REPO_ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
  copyFileSync(join(__dirname, 'webhook-sink.compose.yml'), join(dir, 'webhook-sink.compose.yml'));
  const env = {
    ...images.imageVariables,
    TRIBUTARY_IMAGE: 'tributary',
    TRIBUTARY_VERSION: images.version,
    ...settings,
  };
  writeFileSync(
    join(dir, '.env'),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  return {
    dir,
    name,
    compose: (args, timeoutMs) =>
      run(
        'docker',
        [
          'compose',
          '-p',
          name,
          '-f',
          'docker-compose.yml',
          '-f',
          'webhook-sink.compose.yml',
          ...args,
        ],
        { cwd: dir, timeoutMs },
      ),
    container: (service) => `${name}-${service}-1`,
  };
}
