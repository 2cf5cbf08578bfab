import type { DatabaseSync } from 'node:sqlite';
import { TerminalError, TransientError, TributaryError } from '@tributary/ports';

export type Database = DatabaseSync;

export interface OpenOptions {
  /** How long a writer waits for another connection's (or process's) lock, in milliseconds. */
  readonly busyTimeoutMs: number;
  /** WAL lets readers run beside the one writer; off for a database used only as a mutex. */
  readonly wal: boolean;
}

/** Primary result codes that may pass: a lock held by someone else, a full or failing disk. */
const TRANSIENT_CODES = new Set([5 /* BUSY */, 6 /* LOCKED */, 10 /* IOERR */, 13 /* FULL */]);

/**
 * node:sqlite is loaded when a database is opened, not when this library is imported: services
 * that never run embedded keep working on Node versions without it.
 */
export function openDatabase(path: string, options: OpenOptions): Database {
  // Optional call: process.getBuiltinModule itself is missing before Node 22.3.
  const sqlite = process.getBuiltinModule?.('node:sqlite');
  if (!sqlite) {
    throw new TerminalError(
      'EMBEDDED_UNSUPPORTED',
      `embedded mode needs node:sqlite (Node.js >= 22.13); this is ${process.version}`,
    );
  }
  const db = new sqlite.DatabaseSync(path);
  try {
    // Busy timeout first: switching to WAL itself needs a lock another process may hold.
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
    if (options.wal) db.exec('PRAGMA journal_mode = WAL');
    // FULL: a commit is on disk (WAL fsynced) before it returns.
    db.exec('PRAGMA synchronous = FULL');
  } catch (error) {
    db.close();
    throw mapSqliteError(error, `open ${path}`);
  }
  return db;
}

/**
 * Runs `work` in a `BEGIN IMMEDIATE` transaction: it takes the write lock up front, so a
 * transaction never fails half-way on a lock. `work` is synchronous on purpose: no other
 * statement of this process can slip into the transaction while it is open.
 */
export function immediate<T>(db: Database, what: string, work: () => T): T {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    throw mapSqliteError(error, what);
  }
  let result: T;
  try {
    result = work();
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw isSqliteError(error) ? mapSqliteError(error, what) : error;
  }
  try {
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw mapSqliteError(error, what);
  }
  return result;
}

function isSqliteError(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'ERR_SQLITE_ERROR';
}

/** Translates a node:sqlite error into the project's error types (ours pass through). */
export function mapSqliteError(error: unknown, what: string): Error {
  if (error instanceof TributaryError) return error;
  const e = error as { errcode?: number; message?: string };
  const message = `${what}: ${e.message ?? String(error)}`;
  if (TRANSIENT_CODES.has((e.errcode ?? 0) & 0xff)) {
    return new TransientError('EMBEDDED_UNAVAILABLE', message, { cause: error });
  }
  return new TerminalError('EMBEDDED_STORAGE_FAILED', message, { cause: error });
}
