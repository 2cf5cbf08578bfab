import { isBuiltin } from 'node:module';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, envPort, parseEnv } from '@tributary/platform';

/** What `tributary dev` may be told on its command line; each flag beats its variable. */
export interface EmbeddedFlags {
  readonly dataDir?: string;
  readonly port?: string;
  readonly host?: string;
  readonly logLevel?: string;
  readonly webhookUrl?: string;
}

const FLAG_OF: Record<string, string> = {
  TRIBUTARY_DATA_DIR: '--data-dir',
  GATEWAY_PORT: '--port',
  HTTP_HOST: '--host',
  LOG_LEVEL: '--log-level',
  NOTIFIER_DEFAULT_WEBHOOK_URL: '--webhook-url',
};

const embeddedEnvSchema = z.object({
  TRIBUTARY_DATA_DIR: z.string().min(1).default('./.tributary'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_PORT: envPort(7070),
  // The other services are reached through the URLs written to endpoints.env: any free port will do.
  PROFILER_PORT: envPort(0),
  PROMOTER_PORT: envPort(0),
  QUALITY_PORT: envPort(0),
  NOTIFIER_PORT: envPort(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  NOTIFIER_DEFAULT_WEBHOOK_URL: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || (/^https?:\/\/[^/]/i.test(v) && URL.canParse(v)), {
      message: 'must be an http(s) URL',
    }),
  /** How long a stop may take before the process gives up waiting (Ctrl-C twice also forces it). */
  EMBEDDED_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
});

/** Everything the embedded runner needs, validated once. */
export interface EmbeddedConfig {
  /** Absolute path of the data folder. */
  readonly dataDir: string;
  readonly host: string;
  readonly ports: {
    readonly gateway: number;
    readonly profiler: number;
    readonly promoter: number;
    readonly quality: number;
    readonly notifier: number;
  };
  readonly logLevel: string;
  readonly webhookUrl?: string;
  readonly shutdownTimeoutMs: number;
  /**
   * The caller's environment, passed on to the services so any of their own settings
   * (PROMOTER_*, QUALITY_*, NOTIFIER_*, …) can still be tuned; the runner overrides what it owns.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Embedded mode stores metadata and the event log in SQLite through `node:sqlite`. */
export function assertEmbeddedSupported(version: string = process.versions.node): void {
  if (isBuiltin('node:sqlite')) return;
  throw new ConfigError([
    {
      variable: 'node',
      problem: `embedded mode needs Node.js >= 22.13 (node:sqlite); this is ${version} (\`npm start\` provisions one)`,
    },
  ]);
}

/** Flags first, then the environment, then the defaults. */
export function loadEmbeddedConfig(
  flags: EmbeddedFlags = {},
  env: Record<string, string | undefined> = process.env,
): EmbeddedConfig {
  const merged: Record<string, string | undefined> = {
    ...env,
    TRIBUTARY_DATA_DIR: flags.dataDir ?? (env.TRIBUTARY_DATA_DIR || undefined),
    HTTP_HOST: flags.host ?? env.HTTP_HOST,
    GATEWAY_PORT: flags.port ?? env.GATEWAY_PORT,
    LOG_LEVEL: flags.logLevel ?? env.LOG_LEVEL,
    NOTIFIER_DEFAULT_WEBHOOK_URL: flags.webhookUrl ?? env.NOTIFIER_DEFAULT_WEBHOOK_URL,
  };
  let parsed: z.output<typeof embeddedEnvSchema>;
  try {
    parsed = parseEnv(embeddedEnvSchema, merged);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(
      error.problems.map((p) => ({
        variable: FLAG_OF[p.variable] ? `${FLAG_OF[p.variable]} (${p.variable})` : p.variable,
        problem: p.problem,
      })),
    );
  }
  return {
    dataDir: resolve(parsed.TRIBUTARY_DATA_DIR),
    host: parsed.HTTP_HOST,
    ports: {
      gateway: parsed.GATEWAY_PORT,
      profiler: parsed.PROFILER_PORT,
      promoter: parsed.PROMOTER_PORT,
      quality: parsed.QUALITY_PORT,
      notifier: parsed.NOTIFIER_PORT,
    },
    logLevel: parsed.LOG_LEVEL,
    webhookUrl: parsed.NOTIFIER_DEFAULT_WEBHOOK_URL,
    shutdownTimeoutMs: parsed.EMBEDDED_SHUTDOWN_TIMEOUT_MS,
    env,
  };
}
