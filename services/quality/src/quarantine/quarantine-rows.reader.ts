import { Inject, Injectable } from '@nestjs/common';
import {
  parseObjectKey,
  quarantinePrefix,
  type QuarantinedRow,
  type ResubmittedRow,
  sourcePrefix,
  ZONE,
} from '@tributary/contracts';
import {
  latestResubmissions,
  type LatestResubmission,
  type RetryFileRows,
  rowRef,
} from '@tributary/domain';
import { FileLedgerRepository } from '@tributary/metadata';
import { NotFoundError, OBJECT_STORE, type ObjectStore } from '@tributary/ports';

export type RowZone = 'quarantine' | 'condemned';

/** A quarantined or condemned row as stored, with the object it was read from. */
export interface StoredRow extends QuarantinedRow {
  readonly key: string;
  /** discard_value: the row was published without the offending values; only they were set aside. */
  readonly discardedOnly?: boolean;
}

/**
 * Reads the NDJSON files of `quarantine/` and `condemned/`, newest run first, and which rows of
 * a run were already re-submitted (the retry files of the ledger with `retryOf` = the run).
 */
@Injectable()
export class QuarantineRowsReader {
  constructor(
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
  ) {}

  /** Rows of a source (or of one run), newest run first, at most `limit`. */
  async list(
    zone: RowZone,
    sourceId: string,
    runId: string | undefined,
    limit: number,
  ): Promise<StoredRow[]> {
    const out: StoredRow[] = [];
    for (const key of await this.keys(zone, sourceId, runId)) {
      for (const row of await this.readRows(key)) {
        out.push(row);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** Every row of one run in the zone, by row ref. */
  async runRows(zone: RowZone, sourceId: string, runId: string): Promise<Map<string, StoredRow>> {
    const rows = new Map<string, StoredRow>();
    for (const key of await this.keys(zone, sourceId, runId))
      for (const row of await this.readRows(key)) rows.set(rowRef(row), row);
    return rows;
  }

  /**
   * Row ref → its latest re-submission, over every retry file of the source: a row quarantined
   * in several runs (a backfill quarantines it again) goes back once, whichever run it is named by.
   */
  async resubmissions(sourceId: string): Promise<Map<string, LatestResubmission>> {
    const files: RetryFileRows[] = [];
    for (const { record } of await this.files.list(sourceId)) {
      if (!record.retryOf) continue;
      let text: string;
      try {
        text = (await this.objects.getBytes(record.key)).bytes.toString('utf8');
      } catch (error) {
        if (error instanceof NotFoundError) continue;
        throw error;
      }
      files.push({
        fileId: record.fileId,
        origins: parseLines<ResubmittedRow>(text).map((row) => row.origin),
      });
    }
    return latestResubmissions(files);
  }

  private async keys(
    zone: RowZone,
    sourceId: string,
    runId: string | undefined,
  ): Promise<string[]> {
    const prefix =
      zone === 'quarantine'
        ? runId
          ? quarantinePrefix(sourceId, runId)
          : sourcePrefix(ZONE.quarantine, sourceId)
        : `${sourcePrefix(ZONE.condemned, sourceId)}${runId ? `run_id=${runId}/` : ''}`;
    const found: { key: string; runId: string }[] = [];
    for await (const object of this.objects.list(prefix)) {
      if (!object.key.endsWith('.ndjson')) continue;
      const parsed = parseObjectKey(object.key);
      const run =
        parsed?.zone === 'quarantine'
          ? parsed.runId
          : parsed?.zone === 'condemned'
            ? (/^run_id=([^/]+)\//.exec(parsed.path)?.[1] ?? '')
            : undefined;
      if (run !== undefined) found.push({ key: object.key, runId: run });
    }
    // Run ids start with their time: newest run first, files of a run in order.
    return found
      .sort((a, b) => b.runId.localeCompare(a.runId) || a.key.localeCompare(b.key))
      .map((f) => f.key);
  }

  private async readRows(key: string): Promise<StoredRow[]> {
    let text: string;
    try {
      text = (await this.objects.getBytes(key)).bytes.toString('utf8');
    } catch (error) {
      if (error instanceof NotFoundError) return [];
      throw error;
    }
    return parseLines<QuarantinedRow & { discardedOnly?: boolean }>(text).map((row) => ({
      ...row,
      key,
    }));
  }
}

function parseLines<T>(text: string): T[] {
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // A torn line cannot be a row anyone could re-submit; the rest of the file still is.
    }
  }
  return out;
}
