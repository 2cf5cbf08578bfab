import type { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * Validates environment variables against a schema once, at boot. A variable set to the empty
 * string counts as unset (`X=` in a compose .env or a manifest means "use the default").
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(set);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.map(String).join('.') || '(environment)',
      problem: issue.message,
    })),
  );
}

/** Parses several schemas and reports every bad variable of all of them in one error. */
export function parseEnvParts<P extends Record<string, z.ZodType>>(
  parts: P,
  env: Record<string, string | undefined>,
): { [K in keyof P]: z.output<P[K]> } {
  const out: Record<string, unknown> = {};
  const problems: { variable: string; problem: string }[] = [];
  for (const [name, schema] of Object.entries(parts)) {
    try {
      out[name] = parseEnv(schema, env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as { [K in keyof P]: z.output<P[K]> };
}
