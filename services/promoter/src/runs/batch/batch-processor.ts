import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import {
  condemnedKey,
  type EvolutionPolicy,
  type FileRecord,
  MAX_ROW_ATTEMPTS,
  PROVENANCE_COLUMNS,
  quarantineKey,
  type QuarantinedRow,
  type ResubmittedRow,
  type RetryAttempt,
  type RunInput,
  type SchemaFields,
  type StagedPart,
  stagingKey,
} from '@tributary/contracts';
import {
  type CsvDialectOverrides,
  type DataFormat,
  FileParseError,
  openRecordReader,
  validateRecord,
  valueSyntaxOf,
  ownValue,
  type RebuildScope,
  type RowAt,
  admitRow,
  type Violation,
} from '@tributary/domain';
import {
  CLOCK,
  type Clock,
  OBJECT_STORE,
  type ObjectStore,
  type SqlEngine,
  TerminalError,
} from '@tributary/ports';
import type { PublishedColumn } from '../published-columns';
import { NdjsonFileWriter } from './ndjson-file-writer';
import { writeParquet } from './parquet-writer';
import { PartitionedRowSink } from './row-sink';

export interface BatchContext {
  readonly sourceId: string;
  readonly runId: string;
  readonly batch: number;
  readonly fields: SchemaFields;
  readonly columns: readonly PublishedColumn[];
  readonly policy: EvolutionPolicy;
  readonly partitionField: string | null;
  /** Which rows the run publishes (a backfill's dates, corrections, superseded versions). */
  readonly scope: RebuildScope;
  readonly engine: SqlEngine;
  readonly workDir: string;
  /** The file a re-submitted row came from: its landing date (partition) and how it was written. */
  readonly originOf: (fileId: string) => Promise<{ landingDate: string; format: string | null }>;
}

export interface BatchOutput {
  readonly parts: readonly StagedPart[];
  readonly inputs: readonly RunInput[];
  readonly quarantineKeys: readonly string[];
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rowsQuarantined: number;
  /** Rows published under their landing date because the partition field held no date. */
  readonly rowsUndated: number;
}

interface FileCounts {
  rowsIn: number;
  rowsQuarantined: number;
  rowsSuperseded: number;
  /** Rows published under their landing date because the partition field held no date. */
  undated: number;
}

const pad = (n: number) => String(n).padStart(5, '0');

/**
 * One batch of a run: reads each file with the same reader the profiler used, validates every
 * row against the ACTIVE schema (the domain's rules), writes valid rows to Parquet in the run's
 * staging folder (one file per partition date) and invalid ones to quarantine with their reason.
 */
@Injectable()
export class BatchProcessor {
  constructor(
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async process(ctx: BatchContext, files: readonly FileRecord[]): Promise<BatchOutput> {
    const dir = join(ctx.workDir, ctx.runId, `batch-${ctx.batch}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const rows = new PartitionedRowSink(dir);
    const quarantine = new NdjsonFileWriter(join(dir, 'quarantine.ndjson'));
    const condemned = new NdjsonFileWriter(join(dir, 'condemned.ndjson'));
    const inputs: RunInput[] = [];
    let rowsOut = 0;
    let rowsUndated = 0;
    try {
      for (const file of files) {
        const counts: FileCounts = {
          rowsIn: 0,
          rowsQuarantined: 0,
          rowsSuperseded: 0,
          undated: 0,
        };
        const written = file.retryOf
          ? await this.readResubmitted(ctx, file, counts, rows, quarantine, condemned)
          : await this.readLanded(ctx, file, counts, rows, quarantine);
        rowsOut += written;
        rowsUndated += counts.undated;
        inputs.push({
          fileId: file.fileId,
          key: file.key,
          rowsIn: counts.rowsIn,
          rowsQuarantined: counts.rowsQuarantined,
          ...(counts.rowsSuperseded > 0 ? { rowsSuperseded: counts.rowsSuperseded } : {}),
        });
      }
    } finally {
      await quarantine.close();
      await condemned.close();
    }
    const partitions = await rows.close();
    const parts: StagedPart[] = [];
    for (const partition of partitions) {
      const local = join(dir, `part-${partition.date}.parquet`);
      await writeParquet(ctx.engine, partition.path, local, ctx.columns);
      const key = stagingKey(
        ctx.sourceId,
        ctx.runId,
        `batch-${pad(ctx.batch)}/date=${partition.date}/part-00000.parquet`,
      );
      await this.objects.put(key, createReadStream(local), {
        contentType: 'application/vnd.apache.parquet',
      });
      parts.push({ batch: ctx.batch, date: partition.date, stagingKey: key, rows: partition.rows });
    }
    const quarantineKeys: string[] = [];
    if (quarantine.lines > 0) {
      const key = quarantineKey(ctx.sourceId, ctx.runId, `rows-${pad(ctx.batch)}.ndjson`);
      await this.objects.put(key, createReadStream(quarantine.path), {
        contentType: 'application/x-ndjson',
      });
      quarantineKeys.push(key);
    }
    if (condemned.lines > 0) {
      await this.objects.put(
        condemnedKey(ctx.sourceId, `run_id=${ctx.runId}/rows-${pad(ctx.batch)}.ndjson`),
        createReadStream(condemned.path),
        {
          contentType: 'application/x-ndjson',
        },
      );
    }
    await rm(dir, { recursive: true, force: true });
    const rowsIn = inputs.reduce((sum, i) => sum + i.rowsIn, 0);
    const rowsQuarantined = inputs.reduce((sum, i) => sum + i.rowsQuarantined, 0);
    return { parts, inputs, quarantineKeys, rowsIn, rowsOut, rowsQuarantined, rowsUndated };
  }

  private async readLanded(
    ctx: BatchContext,
    file: FileRecord,
    counts: FileCounts,
    rows: PartitionedRowSink,
    quarantine: NdjsonFileWriter,
  ): Promise<number> {
    const { body } = await this.objects.get(file.key);
    const stream = file.contentEncoding === 'gzip' ? body.pipe(createGunzip()) : body;
    const dialect = file.profile?.dialect;
    let reader;
    try {
      reader = await openRecordReader(stream as AsyncIterable<Uint8Array>, {
        contentType: file.contentType,
        charset: file.charset ?? null,
        ...(dialect
          ? {
              dialect: {
                delimiter: dialect.delimiter,
                quote: dialect.quote,
                header: dialect.header,
              } as CsvDialectOverrides,
            }
          : {}),
      });
    } catch (error) {
      if (error instanceof FileParseError)
        throw new TerminalError('FILE_UNREADABLE', `${file.fileId}: ${error.message}`, {
          cause: error,
        });
      throw error;
    }
    const syntax = valueSyntaxOf(reader.format);
    let written = 0;
    const admitted = (position: number, date: string) =>
      this.admit(ctx, counts, {
        readFrom: file.fileId,
        fileId: file.fileId,
        rowPosition: position,
        date,
      });
    for await (const batch of reader.batches()) {
      for (const item of batch) {
        if (item.kind === 'error') {
          // An unreadable row has no partition field: it belongs to the file's landing date.
          if (!admitted(item.position, file.landingDate)) continue;
          counts.rowsQuarantined++;
          await quarantine.write(
            this.quarantined(
              ctx,
              file.fileId,
              item.position,
              item.error,
              null,
              { _row: item.original },
              1,
              [],
            ),
          );
          continue;
        }
        const result = validateRecord(item.values, ctx.fields, ctx.policy, { syntax });
        const dated = result.ok ? fieldDate(ctx, result.row) : rawFieldDate(ctx, item.values);
        const date = dated ?? file.landingDate;
        if (!admitted(item.position, date)) continue;
        if (!result.ok) {
          counts.rowsQuarantined++;
          await quarantine.write(
            this.quarantined(
              ctx,
              file.fileId,
              item.position,
              describe(result.violations),
              result.violations[0]?.field ?? null,
              item.values,
              1,
              [],
            ),
          );
          continue;
        }
        if (result.discarded.length > 0) {
          // discard_value: the row is published without the offending values; they are kept, not lost.
          await quarantine.write({
            ...this.quarantined(
              ctx,
              file.fileId,
              item.position,
              `values discarded: ${describe(result.discarded)}`,
              result.discarded[0]?.field ?? null,
              item.values,
              1,
              [],
            ),
            discardedOnly: true,
          });
        }
        await this.writeRow(ctx, rows, result.row, file.fileId, item.position, date);
        if (dated === null) counts.undated++;
        written++;
      }
    }
    return written;
  }

  private async readResubmitted(
    ctx: BatchContext,
    file: FileRecord,
    counts: FileCounts,
    rows: PartitionedRowSink,
    quarantine: NdjsonFileWriter,
    condemned: NdjsonFileWriter,
  ): Promise<number> {
    const { body } = await this.objects.get(file.key);
    let written = 0;
    for await (const line of createInterface({ input: body, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      const resubmitted = JSON.parse(line) as ResubmittedRow;
      const { origin } = resubmitted;
      // Values keep the syntax of the file they came from: CSV text stays text, JSON stays JSON.
      const source = await ctx.originOf(origin.fileId);
      const syntax =
        source.format !== null && valueSyntaxOf(source.format as DataFormat) === 'json'
          ? 'json'
          : 'text';
      const result = validateRecord(resubmitted.values, ctx.fields, ctx.policy, { syntax });
      const dated = result.ok ? fieldDate(ctx, result.row) : rawFieldDate(ctx, resubmitted.values);
      const date = dated ?? source.landingDate;
      const row = {
        readFrom: file.fileId,
        fileId: origin.fileId,
        rowPosition: origin.rowPosition,
        date,
      };
      if (!this.admit(ctx, counts, row)) continue;
      if (result.ok) {
        await this.writeRow(ctx, rows, result.row, origin.fileId, origin.rowPosition, date);
        if (dated === null) counts.undated++;
        written++;
        continue;
      }
      counts.rowsQuarantined++;
      const attemptCount = origin.attemptCount + 1;
      const reason = describe(result.violations);
      const history: RetryAttempt[] = [
        ...origin.retryHistory,
        { runId: ctx.runId, at: this.clock.now().toISOString(), reason },
      ];
      const failed = this.quarantined(
        ctx,
        origin.fileId,
        origin.rowPosition,
        reason,
        result.violations[0]?.field ?? null,
        resubmitted.values,
        attemptCount,
        history,
      );
      // An approved row failing again goes back to condemned/ too: only a person releases it.
      if (attemptCount >= MAX_ROW_ATTEMPTS || origin.approved) await condemned.write(failed);
      else await quarantine.write(failed);
    }
    return written;
  }

  /** Whether the row is an input of the run; counts it (in, or superseded by a newer version). */
  private admit(ctx: BatchContext, counts: FileCounts, row: RowAt): boolean {
    switch (admitRow(ctx.scope, row)) {
      case 'publish':
        counts.rowsIn++;
        return true;
      case 'superseded':
        counts.rowsSuperseded++;
        return false;
      case 'outside':
        return false;
    }
  }

  /** Writes a valid row to its `date=` partition with its provenance. */
  private async writeRow(
    ctx: BatchContext,
    rows: PartitionedRowSink,
    row: Readonly<Record<string, unknown>>,
    fileId: string,
    position: number,
    date: string,
  ): Promise<void> {
    // No prototype: a column named `__proto__` stays an ordinary key.
    const out = Object.create(null) as Record<string, unknown>;
    for (const key in row) {
      const value = row[key];
      // Exact text for 64-bit integers; DuckDB casts it to BIGINT.
      out[key] = typeof value === 'bigint' ? value.toString() : value;
    }
    out[PROVENANCE_COLUMNS.fileId] = fileId;
    out[PROVENANCE_COLUMNS.runId] = ctx.runId;
    out[PROVENANCE_COLUMNS.rowPosition] = position;
    await rows.write(date, out);
  }

  private quarantined(
    ctx: BatchContext,
    fileId: string,
    rowPosition: number,
    reason: string,
    field: string | null,
    original: Readonly<Record<string, unknown>>,
    attemptCount: number,
    retryHistory: readonly RetryAttempt[],
  ): QuarantinedRow {
    return {
      sourceId: ctx.sourceId,
      runId: ctx.runId,
      fileId,
      rowPosition,
      reason,
      field,
      original,
      attemptCount,
      retryHistory,
    };
  }
}

function describe(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.field}: ${v.reason}`).join('; ');
}

/** The date the partition field gives a valid row; null without one (or without a partition field). */
function fieldDate(ctx: BatchContext, row: Readonly<Record<string, unknown>>): string | null {
  if (!ctx.partitionField) return null;
  const column = ownValue(ctx.fields, ctx.partitionField)?.column;
  return dateOf(column === undefined ? undefined : row[column]);
}

/** The same for a row that did not validate, from the field's text as it was read. */
function rawFieldDate(ctx: BatchContext, values: Readonly<Record<string, unknown>>): string | null {
  if (!ctx.partitionField) return null;
  return dateOf(ownValue(values, ctx.partitionField));
}

function dateOf(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}
