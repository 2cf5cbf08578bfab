import { z } from 'zod';
import {
  envPort,
  envPositiveInt,
  infraConfigSchema,
  parseEnvParts,
  serviceEnvSchema,
} from '@tributary/platform';

const gatewayEnvSchema = z.object({
  GATEWAY_PORT: envPort(7070),
  /** Bearer credential of the control plane (`/v1/admin`). */
  ADMIN_TOKEN: z
    .string({ message: 'is required (the control plane credential)' })
    .min(16, { message: 'must be at least 16 characters' }),
  MAX_UPLOAD_BYTES: envPositiveInt(5 * 1024 ** 3),
  UPLOAD_TIMEOUT_MS: envPositiveInt(15 * 60_000),
  DEFAULT_RATE_LIMIT_PER_MINUTE: envPositiveInt(600),
  SWEEPER_INTERVAL_MS: envPositiveInt(30_000),
  /** A file still LANDED this long after landing has its `file-landed` re-published. */
  SWEEPER_MIN_AGE_MS: envPositiveInt(60_000),
});

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env) {
  const parts = parseEnvParts(
    { infra: infraConfigSchema, service: serviceEnvSchema, gateway: gatewayEnvSchema },
    env,
  );
  return {
    infra: parts.infra,
    service: parts.service,
    port: parts.gateway.GATEWAY_PORT,
    adminToken: parts.gateway.ADMIN_TOKEN,
    maxUploadBytes: parts.gateway.MAX_UPLOAD_BYTES,
    uploadTimeoutMs: parts.gateway.UPLOAD_TIMEOUT_MS,
    defaultRateLimitPerMinute: parts.gateway.DEFAULT_RATE_LIMIT_PER_MINUTE,
    sweeper: {
      intervalMs: parts.gateway.SWEEPER_INTERVAL_MS,
      minAgeMs: parts.gateway.SWEEPER_MIN_AGE_MS,
    },
  };
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
