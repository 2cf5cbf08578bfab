import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEnvFile } from './endpoints-file';

/** A file naming a running distributed deployment: where it is and how to start it. */
export interface DeploymentEnvFile {
  readonly path: string;
  readonly values: Record<string, string>;
  readonly startHint: string;
}

const COMPOSE_FILES = ['docker-compose.yml', 'compose.yaml', 'compose.yml', 'docker-compose.yaml'];

/**
 * The local stack's `.stack/env` (or TRIBUTARY_STACK_ENV) when it exists; otherwise the `.env` of
 * a docker compose deployment in this folder (a compose file beside a `.env` naming GATEWAY_URL).
 * Only this module reads those files.
 */
export function deploymentEnvFile(cwd: string = process.cwd()): DeploymentEnvFile {
  const stackPath = process.env.TRIBUTARY_STACK_ENV ?? join(cwd, '.stack', 'env');
  const stack = readEnvFile(stackPath);
  const stackFile = {
    path: stackPath,
    values: stack ?? {},
    startHint: 'start it with `npm run stack:up && npm run services:up`',
  };
  if (stack || process.env.TRIBUTARY_STACK_ENV) return stackFile;
  const composePath = join(cwd, '.env');
  const compose = COMPOSE_FILES.some((name) => existsSync(join(cwd, name)))
    ? readEnvFile(composePath)
    : undefined;
  if (compose?.GATEWAY_URL)
    return {
      path: composePath,
      values: compose,
      startHint: 'start it with `docker compose up -d`',
    };
  return stackFile;
}
