import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT } from '../exit-codes';

export interface CliConnection {
  readonly gatewayUrl: string;
  readonly adminToken?: string;
  readonly sourceKey?: string;
}

export interface ConnectionFlags {
  readonly url?: string;
  readonly adminToken?: string;
  readonly key?: string;
}

function stackEnv(): Record<string, string> {
  const path = process.env.TRIBUTARY_STACK_ENV ?? join(process.cwd(), '.stack', 'env');
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** Flags first, then TRIBUTARY_* variables, then the local stack's `.stack/env`. */
export function resolveConnection(flags: ConnectionFlags): CliConnection {
  const stack = stackEnv();
  const gatewayUrl = flags.url ?? process.env.TRIBUTARY_URL ?? stack.GATEWAY_URL;
  if (!gatewayUrl) {
    throw new CliError(
      'no gateway URL: pass --url, set TRIBUTARY_URL, or run `npm run services:up`',
      EXIT.usage,
    );
  }
  return {
    gatewayUrl: gatewayUrl.replace(/\/$/, ''),
    adminToken: flags.adminToken ?? process.env.TRIBUTARY_ADMIN_TOKEN ?? stack.ADMIN_TOKEN,
    sourceKey: flags.key ?? process.env.TRIBUTARY_SOURCE_KEY,
  };
}

const SERVICE_URL_KEYS = {
  notifier: { env: 'TRIBUTARY_NOTIFIER_URL', stack: 'NOTIFIER_SERVICE_URL' },
  quality: { env: 'TRIBUTARY_QUALITY_URL', stack: 'QUALITY_SERVICE_URL' },
} as const;

/** A data-plane service's admin API (notifier, quality): flag, then env, then `.stack/env`. */
export function resolveServiceConnection(
  service: keyof typeof SERVICE_URL_KEYS,
  flags: ConnectionFlags & { serviceUrl?: string },
): CliConnection {
  const stack = stackEnv();
  const keys = SERVICE_URL_KEYS[service];
  const url = flags.serviceUrl ?? process.env[keys.env] ?? stack[keys.stack];
  if (!url) {
    throw new CliError(`no ${service} URL: pass --${service}-url or set ${keys.env}`, EXIT.usage);
  }
  return {
    gatewayUrl: url.replace(/\/$/, ''),
    adminToken: flags.adminToken ?? process.env.TRIBUTARY_ADMIN_TOKEN ?? stack.ADMIN_TOKEN,
    sourceKey: flags.key ?? process.env.TRIBUTARY_SOURCE_KEY,
  };
}
