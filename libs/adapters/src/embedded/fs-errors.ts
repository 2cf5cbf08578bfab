import { NotFoundError, TerminalError, TransientError, TributaryError } from '@tributary/ports';

/** Conditions of the machine that may pass (space freed, descriptors released). */
const TRANSIENT_CODES = new Set(['ENOSPC', 'EIO', 'EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN', 'EINTR']);

export function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export function isMissing(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Translates a file-system error into the project's error types (ours pass through). */
export function mapFsError(error: unknown, what: string, codePrefix: string): Error {
  if (error instanceof TributaryError) return error;
  const code = errnoCode(error);
  const message = `${what}: ${code ?? (error instanceof Error ? error.message : String(error))}`;
  if (code !== undefined && TRANSIENT_CODES.has(code)) {
    return new TransientError(`${codePrefix}_UNAVAILABLE`, message, { cause: error });
  }
  if (isMissing(error)) return new NotFoundError(message, { cause: error });
  return new TerminalError(`${codePrefix}_REJECTED`, message, { cause: error });
}
