import pino, { type Logger } from 'pino';
import { traceIdOf } from '@tributary/contracts';

export type { Logger } from 'pino';

/** JSON logs on stdout, one object per line, with the service name on every line. */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}

export interface LogContext {
  readonly sourceId?: string | null;
  readonly fileId?: string | null;
  readonly runId?: string | null;
  readonly traceparent?: string | null;
  readonly eventId?: string | null;
}

/** A child logger carrying the ids that let one upload be followed across services. */
export function withContext(logger: Logger, context: LogContext): Logger {
  const bindings: Record<string, string> = {};
  if (context.sourceId) bindings.sourceId = context.sourceId;
  if (context.fileId) bindings.fileId = context.fileId;
  if (context.runId) bindings.runId = context.runId;
  if (context.eventId) bindings.eventId = context.eventId;
  const traceId = traceIdOf(context.traceparent ?? undefined);
  if (traceId) bindings.traceId = traceId;
  return logger.child(bindings);
}
