import { z } from 'zod';
import { envPort, infraConfigSchema, parseEnvParts, serviceEnvSchema } from '@tributary/platform';

const profilerEnvSchema = z.object({
  PROFILER_PORT: envPort(7071),
  /** Consumer group; a second group profiles every file again (used to prove races are safe). */
  PROFILER_GROUP_ID: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/)
    .default('profiler'),
});

export type ProfilerConfig = ReturnType<typeof loadProfilerConfig>;

export function loadProfilerConfig(env: Record<string, string | undefined> = process.env) {
  const parts = parseEnvParts(
    { infra: infraConfigSchema, service: serviceEnvSchema, own: profilerEnvSchema },
    env,
  );
  return {
    infra: parts.infra,
    service: parts.service,
    port: parts.own.PROFILER_PORT,
    groupId: parts.own.PROFILER_GROUP_ID,
  };
}

export const PROFILER_CONFIG = Symbol('PROFILER_CONFIG');
