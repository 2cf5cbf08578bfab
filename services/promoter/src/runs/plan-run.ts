import { Inject, Injectable } from '@nestjs/common';
import type {
  FileRecord,
  LatestPointer,
  RunRequest,
  SourceRecord,
  WriteMode,
} from '@tributary/contracts';
import { FileLedgerRepository } from '@tributary/metadata';
import { RebuildScopeLoader, type ProvenanceReading } from './rebuild/rebuild-scope.loader';
import { RetryFileReader } from './rebuild/retry-file.reader';

export interface RunPlan {
  readonly files: readonly FileRecord[];
  /** The files of the plan not promoted yet: all their rows are published. */
  readonly pendingFileIds: readonly string[];
  readonly backfillDates: readonly string[] | null;
  readonly writeMode: WriteMode;
}

/** A file re-submitted rows came back in (`retry__quarantine-<runId>.ndjson`). */
const isRetry = (f: FileRecord) => f.retryOf != null;
/** A retry file whose rows are accepted data: waiting, or already published by a run. */
const acceptedRetry = (f: FileRecord) =>
  isRetry(f) && (f.status === 'PROFILED' || f.status === 'PROMOTED');

/**
 * Which files a run takes.
 *
 * An ordinary run takes every PROFILED file (upload order). In replace mode, re-submitted rows
 * go in a run of their own that appends them to their partitions: a run replaces the partitions
 * its uploads touch, and a partition must not be replaced by its few corrected rows.
 *
 * A backfill rebuilds its dates from everything accepted for them: the uploads the table
 * publishes there now, every correction re-submitted from quarantine for their rows (the newest
 * version of a row wins over the original), and late data, i.e. pending uploads (not in replace
 * mode, where a pending export replaces its partitions in the next ordinary run).
 */
@Injectable()
export class PlanRun {
  constructor(
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
    @Inject(RebuildScopeLoader) private readonly scopes: RebuildScopeLoader,
    @Inject(RetryFileReader) private readonly retries: RetryFileReader,
  ) {}

  async plan(
    source: SourceRecord,
    request: RunRequest | null,
    context: { pointer?: LatestPointer; provenance?: ProvenanceReading } = {},
  ): Promise<RunPlan> {
    const all = (await this.files.list(source.sourceId)).map((f) => f.record);
    const dates = request?.backfillDates ?? null;
    if (!dates) return ordinaryPlan(source, all);

    const wanted = new Set(dates);
    const ledger = new Map(all.map((f) => [f.fileId, f]));
    const published = await this.scopes.publishedUploads(
      context.pointer,
      ledger,
      context.provenance,
    );
    const uploads = new Set<string>();
    for (const date of wanted) for (const id of published.get(date) ?? []) uploads.add(id);
    if (source.writeMode !== 'replace') {
      for (const f of all)
        if (
          f.status === 'PROFILED' &&
          !isRetry(f) &&
          // With a partition field any file may hold rows of the dates; rows are placed later.
          (source.partitionField !== null || wanted.has(f.landingDate))
        )
          uploads.add(f.fileId);
    }
    const corrections = new Set<string>();
    for (const f of all) {
      if (!acceptedRetry(f)) continue;
      if ((await this.retries.origins(f)).some((origin) => uploads.has(origin)))
        corrections.add(f.fileId);
    }
    const files = all.filter((f) => uploads.has(f.fileId) || corrections.has(f.fileId));
    return {
      files,
      pendingFileIds: files.filter((f) => f.status === 'PROFILED').map((f) => f.fileId),
      backfillDates: [...wanted].sort(),
      writeMode: source.writeMode === 'merge' ? 'merge' : 'replace',
    };
  }

  /** Pending work for a scheduled run: any file waiting to be promoted. */
  async hasPending(sourceId: string): Promise<boolean> {
    return (await this.files.list(sourceId)).some((f) => f.record.status === 'PROFILED');
  }
}

function ordinaryPlan(source: SourceRecord, all: readonly FileRecord[]): RunPlan {
  const pending = all.filter((f) => f.status === 'PROFILED');
  const corrections = pending.filter(isRetry);
  const separate = source.writeMode === 'replace' && corrections.length > 0;
  const files = separate ? corrections : pending;
  return {
    files,
    pendingFileIds: files.map((f) => f.fileId),
    backfillDates: null,
    writeMode: separate ? 'append' : source.writeMode,
  };
}

/** Splits the plan into batches of at most `maxFiles` files and about `maxBytes` bytes. */
export function batchesOf<T extends { bytes: number }>(
  files: readonly T[],
  maxFiles: number,
  maxBytes: number,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= maxFiles || bytes + file.bytes > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
