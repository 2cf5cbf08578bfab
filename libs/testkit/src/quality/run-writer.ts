import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duckDbEngineFactory } from '@tributary/adapters';
import {
  buildEvent,
  condemnedKey,
  curatedPartKey,
  type FileRecord,
  newEventId,
  newFileId,
  newRunId,
  PROVENANCE_COLUMNS,
  type QuarantinedRow,
  quarantineKey,
  rawKey,
  type RunRecord,
  type RunSummary,
  runSuccessKey,
  type SchemaVersionRecord,
  schemaVersionKey,
  TOPIC,
  type WriteMode,
} from '@tributary/contracts';
import { RunRepository, SchemaVersionRepository } from '@tributary/metadata';
import type { PipelineFixture } from '../e2e/pipeline-fixture';

/** Data columns of a test table: name → DuckDB type, in column order. */
export type ColumnTypes = Readonly<Record<string, string>>;

export interface PartitionRows {
  readonly date: string;
  /** Data rows; a row may set provenance columns itself (a merge carrying earlier runs' rows). */
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  /** Split the partition into this many part files (default 1). */
  readonly parts?: number;
}

export interface RunSpec {
  readonly sourceId: string;
  readonly columns: ColumnTypes;
  readonly partitions: readonly PartitionRows[];
  readonly runId?: string;
  readonly writeMode?: WriteMode;
  readonly schemaVersion?: number;
  readonly baseRevision?: number;
  readonly backfill?: boolean;
  /** Invalid rows set aside in the run's quarantine (count, or the rows' originals). */
  readonly quarantined?: number | readonly Readonly<Record<string, unknown>>[];
  /** Attempt count of the quarantined rows (re-submitted rows failing again: 2, …). */
  readonly quarantineAttempt?: number;
  /** Input (upload) files the rows came from; rows are spread over them. Default 1. */
  readonly inputFiles?: number;
  /** Landing time of the input files (freshness). */
  readonly landedAt?: string;
  /** Override the summary's totals (a run that does not reconcile). */
  readonly totals?: Partial<Pick<RunSummary, 'rowsIn' | 'rowsOut' | 'rowsQuarantined'>>;
  /** Write everything but `_SUCCESS` (a run never to be trusted). */
  readonly withoutSuccess?: boolean;
}

export interface WrittenRun {
  readonly sourceId: string;
  readonly runId: string;
  readonly summary: RunSummary;
  readonly dataKeys: readonly string[];
  readonly quarantineKeys: readonly string[];
  readonly inputFileIds: readonly string[];
}

const RUN_ID_STEP_MS = 1000;
let lastRunMs = 0;

/** Run ids carry their start second: distinct, increasing ids however fast tests write runs. */
export function nextRunId(): string {
  lastRunMs = Math.max(Date.now(), lastRunMs + RUN_ID_STEP_MS);
  return newRunId({ now: new Date(lastRunMs) });
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const PROVENANCE_TYPES: ColumnTypes = {
  [PROVENANCE_COLUMNS.fileId]: 'VARCHAR',
  [PROVENANCE_COLUMNS.runId]: 'VARCHAR',
  [PROVENANCE_COLUMNS.rowPosition]: 'BIGINT',
};

/**
 * Writes a completed run the way the promoter does (SPEC §2): real Parquet (DuckDB) under the
 * run's own `curated/…/run_id=` path with provenance columns, quarantine NDJSON of
 * `QuarantinedRow`, the run's input files in the ledger, `_SUCCESS` last and a COMPLETED
 * RunRecord. `publishRunCompleted` then announces it.
 */
export async function writeCompletedRun(fx: PipelineFixture, spec: RunSpec): Promise<WrittenRun> {
  const runId = spec.runId ?? nextRunId();
  const { sourceId } = spec;
  const schemaVersion = spec.schemaVersion ?? 1;
  const now = new Date().toISOString();
  const inputFileIds = Array.from({ length: Math.max(1, spec.inputFiles ?? 1) }, () => newFileId());
  const perInput = new Map(
    inputFileIds.map((id) => [id, { rowsIn: 0, rowsQuarantined: 0, next: 1 }]),
  );
  const columns = { ...spec.columns, ...PROVENANCE_TYPES };
  const dir = await mkdtemp(join(tmpdir(), 'tributary-run-'));
  const engine = await duckDbEngineFactory.open({ threads: 1 });
  const dataKeys: string[] = [];
  const partitions: RunSummary['partitions'][number][] = [];
  let rowIndex = 0;
  let rowsOut = 0;
  try {
    for (const partition of spec.partitions) {
      const parts = Math.max(1, partition.parts ?? 1);
      const files: { key: string; rows: number }[] = [];
      for (let k = 0; k < parts; k++) {
        const rows = partition.rows.filter((_, i) => i % parts === k);
        if (rows.length === 0) continue;
        const withProvenance = rows.map((row) => {
          const fileId = inputFileIds[rowIndex++ % inputFileIds.length]!;
          const counts = perInput.get(fileId)!;
          const own =
            row[PROVENANCE_COLUMNS.runId] === undefined || row[PROVENANCE_COLUMNS.runId] === runId;
          if (own) {
            counts.rowsIn++;
            rowsOut++;
          }
          return {
            [PROVENANCE_COLUMNS.fileId]: fileId,
            [PROVENANCE_COLUMNS.runId]: runId,
            [PROVENANCE_COLUMNS.rowPosition]: counts.next++,
            ...row,
          };
        });
        const ndjson = join(dir, `${partition.date}-${k}.ndjson`);
        const parquet = join(dir, `${partition.date}-${k}.parquet`);
        await writeFile(ndjson, withProvenance.map((r) => JSON.stringify(r)).join('\n'));
        const spec_ = Object.entries(columns)
          .map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`)
          .join(', ');
        const select = Object.keys(columns).map(quoteIdentifier).join(', ');
        await engine.execute(
          `COPY (SELECT ${select} FROM read_json(${quoteLiteral(ndjson)}, format = 'newline_delimited', columns = {${spec_}}))
           TO ${quoteLiteral(parquet)} (FORMAT parquet)`,
        );
        const key = curatedPartKey(sourceId, schemaVersion, runId, partition.date, files.length);
        await fx.objects.put(key, await readFile(parquet), {
          contentType: 'application/vnd.apache.parquet',
        });
        dataKeys.push(key);
        files.push({ key, rows: rows.length });
      }
      partitions.push({ date: partition.date, files, rows: files.reduce((s, f) => s + f.rows, 0) });
    }
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }

  const bad =
    typeof spec.quarantined === 'number'
      ? Array.from({ length: spec.quarantined }, (_, i) => ({
          id: `bad-${i}`,
          amount: 'not-a-number',
        }))
      : (spec.quarantined ?? []);
  const quarantineKeys: string[] = [];
  if (bad.length > 0) {
    const rows: QuarantinedRow[] = bad.map((original, i) => {
      const fileId = inputFileIds[i % inputFileIds.length]!;
      const counts = perInput.get(fileId)!;
      counts.rowsIn++;
      counts.rowsQuarantined++;
      return {
        sourceId,
        runId,
        fileId,
        rowPosition: counts.next++,
        reason: 'amount: not a number',
        field: 'amount',
        original,
        attemptCount: spec.quarantineAttempt ?? 1,
        retryHistory: [],
      };
    });
    const key = quarantineKey(sourceId, runId, 'rows-00000.ndjson');
    await fx.objects.put(key, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`, {
      contentType: 'application/x-ndjson',
    });
    quarantineKeys.push(key);
  }

  const inputs = inputFileIds.map((fileId) => ({
    fileId,
    key: rawKey(sourceId, now.slice(0, 10), fileId, `input-${fileId}.csv`),
    rowsIn: perInput.get(fileId)!.rowsIn,
    rowsQuarantined: perInput.get(fileId)!.rowsQuarantined,
  }));
  const rowsQuarantined = bad.length;
  const summary: RunSummary = {
    sourceId,
    runId,
    executionId: newEventId(),
    engine: 'duckdb',
    writeMode: spec.writeMode ?? 'append',
    backfill: spec.backfill ?? false,
    schemaVersion,
    baseRevision: spec.baseRevision ?? 0,
    inputs,
    rowsIn: rowsOut + rowsQuarantined,
    rowsOut,
    rowsQuarantined,
    partitions,
    columns: Object.entries(columns).map(([name, type]) => ({ name, type, field: name })),
    quarantineKeys,
    timings: {},
    startedAt: now,
    finishedAt: now,
    ...spec.totals,
  };

  for (const input of inputs) {
    const file: FileRecord = {
      sourceId,
      fileId: input.fileId,
      key: input.key,
      fileName: `input-${input.fileId}.csv`,
      contentType: 'text/csv',
      contentEncoding: null,
      bytes: 100,
      sha256: '0'.repeat(64),
      landingDate: now.slice(0, 10),
      landedAt: spec.landedAt ?? now,
      status: 'PROFILED',
      schemaVersion,
      runId,
      reason: null,
      rowCount: input.rowsIn,
      format: 'csv',
      deadLetterKey: null,
      traceparent: '',
      updatedAt: now,
    };
    await fx.files.create(file);
  }
  if (!spec.withoutSuccess) {
    await fx.objects.put(runSuccessKey(sourceId, runId), JSON.stringify(summary, null, 2), {
      contentType: 'application/json',
      ifNoneMatch: '*',
    });
  }
  const record: RunRecord = {
    sourceId,
    runId,
    executionId: summary.executionId,
    status: 'COMPLETED',
    writeMode: summary.writeMode,
    backfill: summary.backfill,
    backfillDates: null,
    schemaVersion,
    fileIds: inputFileIds,
    partitions: partitions.map((p) => p.date),
    rowsIn: summary.rowsIn,
    rowsOut: summary.rowsOut,
    rowsQuarantined: summary.rowsQuarantined,
    batchesDone: 1,
    batches: [inputFileIds],
    staged: [],
    inputs,
    quarantineKeys,
    failedChecks: [],
    error: null,
    startedAt: now,
    finishedAt: now,
    traceparent: '',
  };
  await new RunRepository(fx.kv, fx.tables).create(record);
  return { sourceId, runId, summary, dataKeys, quarantineKeys, inputFileIds };
}

/** Publishes `run-completed` for a written run, as the promoter does after `_SUCCESS`. */
export async function publishRunCompleted(fx: PipelineFixture, run: WrittenRun): Promise<void> {
  await fx.bus.prepare([TOPIC.runCompleted]);
  const { summary } = run;
  await fx.bus.publish(
    TOPIC.runCompleted,
    buildEvent(
      TOPIC.runCompleted,
      { sourceId: run.sourceId, runId: run.runId },
      {
        executionId: summary.executionId,
        schemaVersion: summary.schemaVersion,
        writeMode: summary.writeMode,
        backfill: summary.backfill,
        successKey: runSuccessKey(run.sourceId, run.runId),
        rowsIn: summary.rowsIn,
        rowsOut: summary.rowsOut,
        rowsQuarantined: summary.rowsQuarantined,
        fileIds: run.inputFileIds,
        partitions: summary.partitions.map((p) => p.date),
        engine: summary.engine,
      },
    ),
  );
}

/** Writes and announces a run in one step. */
export async function completeRun(fx: PipelineFixture, spec: RunSpec): Promise<WrittenRun> {
  const run = await writeCompletedRun(fx, spec);
  await publishRunCompleted(fx, run);
  return run;
}

/** Rows condemned after their third failed attempt, as the promoter writes them. */
export async function writeCondemnedRows(
  fx: PipelineFixture,
  sourceId: string,
  runId: string,
  rows: readonly { fileId: string; rowPosition: number; original: Record<string, unknown> }[],
): Promise<string> {
  const key = condemnedKey(sourceId, `run_id=${runId}/rows-00000.ndjson`);
  const lines = rows.map((r): QuarantinedRow => ({
    sourceId,
    runId,
    fileId: r.fileId,
    rowPosition: r.rowPosition,
    reason: 'amount: not a number',
    field: 'amount',
    original: r.original,
    attemptCount: 3,
    retryHistory: [{ runId, at: new Date().toISOString(), reason: 'amount: not a number' }],
  }));
  await fx.objects.put(key, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`, {
    contentType: 'application/x-ndjson',
  });
  return key;
}

/** Makes a schema version ACTIVE for a source (what profiling the first file would do). */
export async function activateSchema(
  fx: PipelineFixture,
  sourceId: string,
  fields: Readonly<Record<string, string>>,
): Promise<SchemaVersionRecord> {
  const versions = new SchemaVersionRepository(fx.kv, fx.tables);
  const createdAt = new Date().toISOString();
  const versionKey = schemaVersionKey(createdAt);
  const record: SchemaVersionRecord = {
    sourceId,
    versionKey,
    version: 1,
    fields: Object.fromEntries(
      Object.entries(fields).map(([name, type], ordinal) => [
        name,
        { type: type as never, path: [name], nullable: true, column: name, ordinal },
      ]),
    ),
    fieldDiff: { added: [], removed: [], typeChanged: [], renameCandidates: [] },
    status: 'ACTIVE',
    compatibility: 'FULL',
    promotedAt: createdAt,
    fileId: newFileId(),
    note: 'test schema',
    createdAt,
    stats: {},
    previousVersion: null,
  };
  await versions.append(
    undefined,
    {
      sourceId,
      latestVersion: 1,
      latestVersionKey: versionKey,
      activeVersion: 1,
      activeVersionKey: versionKey,
      pendingBreaking: [],
      updatedAt: createdAt,
    },
    record,
  );
  return record;
}
