import { type Database, immediate, mapSqliteError, openDatabase } from './sqlite-database';

/**
 * A lock shared by every process using one folder. SQLite holds it with the operating system's
 * file locks, which die with their process: a crash never leaves a stale lock behind.
 */
export class CrossProcessMutex {
  private db: Database | undefined;

  constructor(
    private readonly path: string,
    private readonly busyTimeoutMs: number,
  ) {}

  /** Runs synchronous `work` while holding the lock (nothing of this process interleaves). */
  run<T>(what: string, work: () => T): T {
    return immediate(this.handle(), what, work);
  }

  private handle(): Database {
    if (!this.db) {
      const db = openDatabase(this.path, { busyTimeoutMs: this.busyTimeoutMs, wal: false });
      try {
        db.exec('CREATE TABLE IF NOT EXISTS mutex (id INTEGER PRIMARY KEY)');
      } catch (error) {
        db.close();
        throw mapSqliteError(error, `open lock ${this.path}`);
      }
      this.db = db;
    }
    return this.db;
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}
