import { isIP } from 'node:net';
import { z } from 'zod';
import {
  envPort,
  envPositiveInt,
  infraConfigSchema,
  parseEnvParts,
  serviceEnvSchema,
} from '@tributary/platform';
import { parseAllowlistEntry } from './webhook/allowlist';

/** An optional variable: unset and empty mean the same. */
const optionalText = () =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined);

const notifierEnvSchema = z.object({
  NOTIFIER_PORT: envPort(7074),
  /** Bearer credential of the delivery-log queries (`/v1/admin/alerts`). */
  ADMIN_TOKEN: z
    .string({ message: 'is required (the control plane credential)' })
    .min(16, { message: 'must be at least 16 characters' }),
  /** HMAC-SHA256 key of `X-Tributary-Signature`; without it deliveries go unsigned (a warning at boot). */
  WEBHOOK_SIGNING_SECRET: optionalText().refine((v) => v === undefined || v.length >= 32, {
    message: 'must be at least 32 characters',
  }),
  /** Comma-separated `host`, `host:port`, `*.domain[:port]`, `ip[:port]`, `[v6][:port]`; empty allows nothing. */
  WEBHOOK_ALLOWLIST: optionalText()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        try {
          parseAllowlistEntry(entry);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }
    }),
  /**
   * Comma-separated exact `host:port` names (no IPs, no wildcards) that may resolve to private
   * addresses (10/8, 172.16/12, 192.168/16, fc00::/7): an in-network relay of a compose or
   * Kubernetes deployment, whose address is not fixed. Each must be on WEBHOOK_ALLOWLIST too.
   */
  WEBHOOK_PRIVATE_HOSTS: optionalText()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        try {
          const parsed = parseAllowlistEntry(entry);
          if (parsed.wildcard || parsed.port === null || isIP(parsed.host) !== 0)
            throw new Error(`"${entry}" must be an exact host:port name (no IP, no wildcard)`);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }
    }),
  NOTIFIER_DEFAULT_WEBHOOK_URL: optionalText().refine(
    (v) => v === undefined || (/^https?:\/\/[^/]/i.test(v) && URL.canParse(v)),
    { message: 'must be an http(s) URL' },
  ),
  NOTIFIER_DEFAULT_WEBHOOK_FORMAT: z
    .enum(['json', 'slack'], { message: 'must be json or slack' })
    .default('json'),
  NOTIFIER_MAX_ATTEMPTS: envPositiveInt(8),
  NOTIFIER_RETRY_BASE_MS: envPositiveInt(1_000),
  NOTIFIER_RETRY_MAX_MS: envPositiveInt(300_000),
  /** A hanging endpoint is abandoned after this (DNS, redirects and response included). */
  NOTIFIER_ATTEMPT_TIMEOUT_MS: envPositiveInt(10_000),
  NOTIFIER_CHANNEL_CONCURRENCY: envPositiveInt(4),
  /** How often outstanding deliveries are looked up (others' expired leases, missed timers). */
  NOTIFIER_SWEEP_INTERVAL_MS: envPositiveInt(15_000),
});

export type NotifierConfig = ReturnType<typeof loadNotifierConfig>;

export function loadNotifierConfig(env: Record<string, string | undefined> = process.env) {
  const parts = parseEnvParts(
    { infra: infraConfigSchema, service: serviceEnvSchema, own: notifierEnvSchema },
    env,
  );
  const own = parts.own;
  return {
    infra: parts.infra,
    service: parts.service,
    port: own.NOTIFIER_PORT,
    adminToken: own.ADMIN_TOKEN,
    signingSecret: own.WEBHOOK_SIGNING_SECRET,
    allowlist: own.WEBHOOK_ALLOWLIST,
    privateHosts: own.WEBHOOK_PRIVATE_HOSTS,
    defaultChannel: own.NOTIFIER_DEFAULT_WEBHOOK_URL
      ? { url: own.NOTIFIER_DEFAULT_WEBHOOK_URL, format: own.NOTIFIER_DEFAULT_WEBHOOK_FORMAT }
      : undefined,
    retry: {
      baseMs: own.NOTIFIER_RETRY_BASE_MS,
      maxMs: own.NOTIFIER_RETRY_MAX_MS,
      maxAttempts: own.NOTIFIER_MAX_ATTEMPTS,
    },
    attemptTimeoutMs: own.NOTIFIER_ATTEMPT_TIMEOUT_MS,
    channelConcurrency: own.NOTIFIER_CHANNEL_CONCURRENCY,
    sweepIntervalMs: own.NOTIFIER_SWEEP_INTERVAL_MS,
  };
}

export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');
