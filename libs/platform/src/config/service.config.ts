import { z } from 'zod';
import { envPort } from './env-schema-parts';

/** What every service's HTTP side needs: where to listen and how to log. */
export const serviceEnvSchema = z.object({
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
});

export type ServiceEnv = z.output<typeof serviceEnvSchema>;

export const httpPortSchema = (variable: string, fallback: number) =>
  z.object({ [variable]: envPort(fallback) });
