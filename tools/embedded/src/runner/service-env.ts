import { join } from 'node:path';
import type { EmbeddedConfig } from '../embedded.config';

export interface RunnerSecrets {
  readonly adminToken: string;
  readonly webhookSigningSecret: string;
}

/** `host:port` of a webhook URL, as WEBHOOK_ALLOWLIST names it (loopback needs the exact port). */
export function allowlistEntryFor(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return `${parsed.hostname}:${port}`;
}

function list(...parts: (string | undefined)[]): string {
  return parts
    .flatMap((p) => (p ?? '').split(','))
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',');
}

/**
 * The environment every service of the process starts with: the caller's (so their own settings
 * can be tuned), then what embedded mode decides: the mode, the data folder, one admin credential,
 * the ports, and work files, lineage and the webhook signing key under the data folder.
 */
export function embeddedServiceEnv(
  config: EmbeddedConfig,
  secrets: RunnerSecrets,
): Record<string, string | undefined> {
  const env = config.env;
  const dataDir = config.dataDir;
  return {
    ...env,
    TRIBUTARY_MODE: 'embedded',
    TRIBUTARY_DATA_DIR: dataDir,
    ADMIN_TOKEN: secrets.adminToken,
    HTTP_HOST: config.host,
    LOG_LEVEL: config.logLevel,
    GATEWAY_PORT: String(config.ports.gateway),
    PROFILER_PORT: String(config.ports.profiler),
    PROMOTER_PORT: String(config.ports.promoter),
    QUALITY_PORT: String(config.ports.quality),
    NOTIFIER_PORT: String(config.ports.notifier),
    PROMOTER_WORK_DIR: env.PROMOTER_WORK_DIR || join(dataDir, 'work', 'promoter'),
    QUALITY_WORK_DIR: env.QUALITY_WORK_DIR || join(dataDir, 'work', 'quality'),
    OPENLINEAGE_FILE:
      env.OPENLINEAGE_FILE || (env.OPENLINEAGE_URL ? undefined : join(dataDir, 'lineage.ndjson')),
    WEBHOOK_SIGNING_SECRET: env.WEBHOOK_SIGNING_SECRET || secrets.webhookSigningSecret,
    NOTIFIER_DEFAULT_WEBHOOK_URL: config.webhookUrl,
    WEBHOOK_ALLOWLIST: list(
      env.WEBHOOK_ALLOWLIST,
      config.webhookUrl ? allowlistEntryFor(config.webhookUrl) : undefined,
    ),
  };
}
