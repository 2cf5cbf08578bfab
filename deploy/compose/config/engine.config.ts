import { join } from 'node:path';

/** Where scripts/docker/up.sh keeps the private engine (its TRIBUTARY_DOCKER_DIR default). */
export const ENGINE_DIR = join(process.env.HOME ?? '/root', '.cache', 'tributary', 'docker');

/** The private engine of scripts/docker/up.sh, as the docker CLI's environment. */
export const engineEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  DOCKER_HOST: `unix://${ENGINE_DIR}/run/docker.sock`,
  DOCKER_CONFIG: `${ENGINE_DIR}/config`,
  DOCKER_BUILDKIT: '0',
});
