import { z } from 'zod';
import { envPort, infraConfigSchema, parseEnvParts, serviceEnvSchema } from '@tributary/platform';

const promoterEnvSchema = z.object({
  PROMOTER_PORT: envPort(7072),
});

export type PromoterConfig = ReturnType<typeof loadPromoterConfig>;

export function loadPromoterConfig(env: Record<string, string | undefined> = process.env) {
  const parts = parseEnvParts(
    { infra: infraConfigSchema, service: serviceEnvSchema, own: promoterEnvSchema },
    env,
  );
  return { infra: parts.infra, service: parts.service, port: parts.own.PROMOTER_PORT };
}

export const PROMOTER_CONFIG = Symbol('PROMOTER_CONFIG');
