import { CliError, EXIT } from '../exit-codes';
import { deploymentEnvFile } from './deployment-env-file';
import {
  embeddedDataDir,
  embeddedEndpoints,
  embeddedEndpointsPath,
  embeddedRequested,
  isRunning,
} from './endpoints-file';

export interface CliConnection {
  readonly gatewayUrl: string;
  readonly adminToken?: string;
  readonly sourceKey?: string;
  /** What to tell a person when nothing answers at the URL (it came from a file, not a flag). */
  readonly unreachableHint?: string;
}

export interface ConnectionFlags {
  readonly url?: string;
  readonly adminToken?: string;
  readonly key?: string;
}

/**
 * The file naming a running Tributary: the local stack's `.stack/env` (or a compose deployment's
 * `.env`, see deployment-env-file.ts), or the endpoints file of
 * an embedded data folder (`tributary dev`), which comes first when TRIBUTARY_MODE=embedded or
 * TRIBUTARY_DATA_DIR says so, or when its runner is alive. The first one naming a gateway is
 * used whole, never mixed.
 */
function fallbackEnv(): Record<string, string> & { readonly hint?: string } {
  const deployment = deploymentEnvFile();
  const embedded = embeddedEndpoints();
  const dataDir = embeddedDataDir();
  const files: (Record<string, string> & { readonly hint?: string })[] = [
    {
      ...deployment.values,
      hint: `the Tributary in ${deployment.path} does not answer; ${deployment.startHint}`,
    },
    {
      ...(embedded ?? {}),
      hint: isRunning(embedded)
        ? `the tributary dev on ${dataDir} does not answer`
        : `no Tributary is running on ${dataDir} (endpoints from ${embeddedEndpointsPath(dataDir)}); start one with \`npm start\` (or \`tributary dev --data-dir ${dataDir}\`)`,
    },
  ];
  if (embeddedRequested() || isRunning(embedded)) files.reverse();
  return files.find((file) => file.GATEWAY_URL) ?? files[0]!;
}

/** Flags first, then TRIBUTARY_* variables, then `.stack/env` or the embedded endpoints file. */
export function resolveConnection(flags: ConnectionFlags): CliConnection {
  const stack = fallbackEnv();
  const fromFile = !flags.url && !process.env.TRIBUTARY_URL;
  const gatewayUrl = flags.url ?? process.env.TRIBUTARY_URL ?? stack.GATEWAY_URL;
  if (!gatewayUrl) {
    throw new CliError(
      'no gateway URL: pass --url, set TRIBUTARY_URL, or start Tributary (`tributary dev`, or `npm run services:up`)',
      EXIT.usage,
    );
  }
  return {
    gatewayUrl: gatewayUrl.replace(/\/$/, ''),
    adminToken: flags.adminToken ?? process.env.TRIBUTARY_ADMIN_TOKEN ?? stack.ADMIN_TOKEN,
    sourceKey: flags.key ?? process.env.TRIBUTARY_SOURCE_KEY,
    ...(fromFile && stack.hint ? { unreachableHint: stack.hint } : {}),
  };
}

const SERVICE_URL_KEYS = {
  notifier: { env: 'TRIBUTARY_NOTIFIER_URL', stack: 'NOTIFIER_SERVICE_URL' },
  quality: { env: 'TRIBUTARY_QUALITY_URL', stack: 'QUALITY_SERVICE_URL' },
} as const;

/** A data-plane service's admin API (notifier, quality): flag, then env, then the files above. */
export function resolveServiceConnection(
  service: keyof typeof SERVICE_URL_KEYS,
  flags: ConnectionFlags & { serviceUrl?: string },
): CliConnection {
  const stack = fallbackEnv();
  const keys = SERVICE_URL_KEYS[service];
  const fromFile = !flags.serviceUrl && !process.env[keys.env];
  const url = flags.serviceUrl ?? process.env[keys.env] ?? stack[keys.stack];
  if (!url) {
    throw new CliError(`no ${service} URL: pass --${service}-url or set ${keys.env}`, EXIT.usage);
  }
  return {
    gatewayUrl: url.replace(/\/$/, ''),
    adminToken: flags.adminToken ?? process.env.TRIBUTARY_ADMIN_TOKEN ?? stack.ADMIN_TOKEN,
    sourceKey: flags.key ?? process.env.TRIBUTARY_SOURCE_KEY,
    ...(fromFile && stack.hint ? { unreachableHint: stack.hint } : {}),
  };
}
