import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import {
  type FileRecord,
  type LatestPointer,
  PROVENANCE_COLUMNS,
  type RunRecord,
  type SourceRecord,
} from '@tributary/contracts';
import { latestResubmissions, publishedUploads, type RebuildScope } from '@tributary/domain';
import { RunRepository } from '@tributary/metadata';
import { OBJECT_STORE, type ObjectStore, type SqlEngine } from '@tributary/ports';
import { quoteIdentifier, quoteLiteral } from '../batch/parquet-writer';
import { RetryFileReader } from './retry-file.reader';

export interface ProvenanceReading {
  readonly dates: readonly string[];
  readonly engine: SqlEngine;
  readonly workDir: string;
}

/**
 * What a rebuild may publish: which uploads the table publishes on each date now (from the
 * runs that wrote the pointer's files, and for merged partitions from the rows' provenance),
 * and which retry file holds each re-submitted row's newest version.
 */
@Injectable()
export class RebuildScopeLoader {
  constructor(
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(RetryFileReader) private readonly retries: RetryFileReader,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
  ) {}

  async publishedUploads(
    pointer: LatestPointer | undefined,
    ledger: ReadonlyMap<string, FileRecord>,
    provenance?: ProvenanceReading,
  ): Promise<Map<string, Set<string>>> {
    const partitions = pointer?.current.partitions ?? [];
    const inputsOfRun = new Map<string, readonly string[]>();
    const originsOfRetry = new Map<string, readonly string[]>();
    for (const runId of new Set(partitions.flatMap((p) => p.files.map((f) => f.runId)))) {
      const run = pointer ? await this.runs.get(pointer.sourceId, runId) : undefined;
      const inputs = run?.record.inputs.map((i) => i.fileId) ?? [];
      inputsOfRun.set(runId, inputs);
      for (const fileId of inputs) {
        const file = ledger.get(fileId);
        if (file?.retryOf && !originsOfRetry.has(fileId))
          originsOfRetry.set(fileId, await this.retries.origins(file));
      }
    }
    const rowFiles =
      provenance && pointer
        ? await this.rowFiles(pointer, provenance)
        : new Map<string, string[]>();
    return publishedUploads(partitions, inputsOfRun, originsOfRetry, rowFiles);
  }

  async scope(input: {
    readonly run: RunRecord;
    readonly source: SourceRecord;
    readonly ledger: ReadonlyMap<string, FileRecord>;
    readonly pointer: LatestPointer | undefined;
    readonly provenance?: ProvenanceReading;
  }): Promise<RebuildScope> {
    const { run, source, ledger } = input;
    const retryFiles = run.fileIds
      .map((id) => ledger.get(id))
      .filter((f): f is FileRecord => f?.retryOf != null);
    const latest = latestResubmissions(
      await Promise.all(retryFiles.map((f) => this.retries.versions(f))),
    );
    const newest = new Map([...latest].map(([ref, r]) => [ref, r.fileId]));
    const liveOriginsOnly = source.writeMode === 'replace';
    const published =
      run.backfillDates || liveOriginsOnly
        ? await this.publishedUploads(input.pointer, ledger, input.provenance)
        : new Map<string, Set<string>>();
    return {
      dates: run.backfillDates ? new Set(run.backfillDates) : null,
      pending: new Set(run.pendingFileIds ?? run.fileIds),
      published,
      liveOriginsOnly,
      newest,
    };
  }

  /** Date → the uploads the rows of the merged partitions on those dates came from. */
  private async rowFiles(
    pointer: LatestPointer,
    reading: ProvenanceReading,
  ): Promise<Map<string, string[]>> {
    const wanted = new Set(reading.dates);
    const dir = join(reading.workDir, 'provenance');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const out = new Map<string, string[]>();
    try {
      for (const partition of pointer.current.partitions) {
        if (!wanted.has(partition.date) || partition.files.length === 0) continue;
        const paths: string[] = [];
        for (const [i, file] of partition.files.entries()) {
          const path = join(dir, `${partition.date}-${i}.parquet`);
          const { body } = await this.objects.get(file.key);
          await pipeline(body, createWriteStream(path));
          paths.push(path);
        }
        const column = quoteIdentifier(PROVENANCE_COLUMNS.fileId);
        const rows = await reading.engine.query<{ file: string }>(
          `SELECT DISTINCT ${column} AS file FROM read_parquet([${paths.map(quoteLiteral).join(', ')}], hive_partitioning = false)`,
        );
        out.set(
          partition.date,
          rows.map((r) => r.file),
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return out;
  }
}
