import { Inject, Injectable } from '@nestjs/common';
import type { FileRecord, RunRequest } from '@tributary/contracts';
import { FileLedgerRepository } from '@tributary/metadata';

export interface RunPlan {
  readonly files: readonly FileRecord[];
  readonly backfillDates: readonly string[] | null;
}

/**
 * Which files a run takes: every PROFILED file not yet promoted (upload order); for a backfill,
 * every profiled or promoted file that landed on the backfill's dates (late data included).
 */
@Injectable()
export class PlanRun {
  constructor(@Inject(FileLedgerRepository) private readonly files: FileLedgerRepository) {}

  async plan(
    sourceId: string,
    request: RunRequest | null,
    partitionField: string | null,
  ): Promise<RunPlan> {
    const all = (await this.files.list(sourceId)).map((f) => f.record);
    const dates = request?.backfillDates ?? null;
    if (dates) {
      const wanted = new Set(dates);
      const files = all.filter(
        (f) =>
          (f.status === 'PROFILED' || f.status === 'PROMOTED') &&
          !f.retryOf &&
          // With a partition field any file may hold rows of the dates; rows are filtered later.
          (partitionField !== null || wanted.has(f.landingDate)),
      );
      return { files, backfillDates: [...wanted].sort() };
    }
    return { files: all.filter((f) => f.status === 'PROFILED'), backfillDates: null };
  }

  /** Pending work for a scheduled run: any file waiting to be promoted. */
  async hasPending(sourceId: string): Promise<boolean> {
    return (await this.files.list(sourceId)).some((f) => f.record.status === 'PROFILED');
  }
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
