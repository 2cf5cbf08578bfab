import { z } from 'zod';
import { envPort, infraConfigSchema, parseEnvParts, serviceEnvSchema } from '@tributary/platform';

const notifierEnvSchema = z.object({
  NOTIFIER_PORT: envPort(7074),
});

export type NotifierConfig = ReturnType<typeof loadNotifierConfig>;

export function loadNotifierConfig(env: Record<string, string | undefined> = process.env) {
  const parts = parseEnvParts(
    { infra: infraConfigSchema, service: serviceEnvSchema, own: notifierEnvSchema },
    env,
  );
  return { infra: parts.infra, service: parts.service, port: parts.own.NOTIFIER_PORT };
}

export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');
