import { z } from 'zod';
import { envPort, infraConfigSchema, parseEnvParts, serviceEnvSchema } from '@tributary/platform';

const qualityEnvSchema = z.object({
  QUALITY_PORT: envPort(7073),
});

export type QualityConfig = ReturnType<typeof loadQualityConfig>;

export function loadQualityConfig(env: Record<string, string | undefined> = process.env) {
  const parts = parseEnvParts(
    { infra: infraConfigSchema, service: serviceEnvSchema, own: qualityEnvSchema },
    env,
  );
  return { infra: parts.infra, service: parts.service, port: parts.own.QUALITY_PORT };
}

export const QUALITY_CONFIG = Symbol('QUALITY_CONFIG');
