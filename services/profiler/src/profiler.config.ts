import { z } from 'zod';
import { envPort, infraConfigSchema, parseEnvParts, serviceEnvSchema } from '@tributary/platform';

const profilerEnvSchema = z.object({
  PROFILER_PORT: envPort(7071),
});

export type ProfilerConfig = ReturnType<typeof loadProfilerConfig>;

export function loadProfilerConfig(env: Record<string, string | undefined> = process.env) {
  const parts = parseEnvParts(
    { infra: infraConfigSchema, service: serviceEnvSchema, own: profilerEnvSchema },
    env,
  );
  return { infra: parts.infra, service: parts.service, port: parts.own.PROFILER_PORT };
}

export const PROFILER_CONFIG = Symbol('PROFILER_CONFIG');
