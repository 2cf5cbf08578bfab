import type {
  LatestPointer,
  PublishedFile,
  PublishedPartition,
  RunSummary,
  TableState,
} from '@tributary/contracts';

/** How many earlier states `_LATEST.json` keeps for rollback unless configured otherwise. */
export const DEFAULT_POINTER_HISTORY = 50;

export interface StateContext {
  readonly publishedAt: string;
  /** Earlier states kept in `previous`; older ones drop off (and retention may then delete their runs). */
  readonly historyLimit: number;
}

export type PointerChange =
  | { readonly kind: 'unchanged'; readonly revision: number }
  | { readonly kind: 'changed'; readonly pointer: LatestPointer };

export function runCause(runId: string): string {
  return `run:${runId}`;
}

export function rollbackCause(revision: number): string {
  return `rollback:${revision}`;
}

/** Every state of the pointer, newest first. */
export function allStates(pointer: LatestPointer | undefined): TableState[] {
  return pointer ? [pointer.current, ...pointer.previous] : [];
}

/** Whether the run was published into this pointer (now or in a state kept for rollback). */
export function containsRun(pointer: LatestPointer | undefined, runId: string): boolean {
  if (!pointer) return false;
  const cause = runCause(runId);
  return (
    allStates(pointer).some((s) => s.cause === cause) ||
    pointer.current.partitions.some((p) => p.files.some((f) => f.runId === runId))
  );
}

function fileKeys(partitions: readonly PublishedPartition[]): string {
  return partitions.map((p) => `${p.date}:${p.files.map((f) => f.key).join(',')}`).join('|');
}

/** Same partitions with the same files in the same order. */
export function samePartitions(
  a: readonly PublishedPartition[],
  b: readonly PublishedPartition[],
): boolean {
  return fileKeys(a) === fileKeys(b);
}

function newestSchemaVersion(partitions: readonly PublishedPartition[], fallback: number): number {
  let newest = 0;
  for (const p of partitions) for (const f of p.files) newest = Math.max(newest, f.schemaVersion);
  return newest || fallback;
}

/** The next pointer: `state` becomes current, the old current heads `previous` (bounded). */
export function pushState(
  pointer: LatestPointer | undefined,
  sourceId: string,
  state: TableState,
  historyLimit: number,
): LatestPointer {
  const previous = pointer ? [pointer.current, ...pointer.previous] : [];
  return { sourceId, current: state, previous: previous.slice(0, Math.max(0, historyLimit)) };
}

/**
 * The table state after publishing a run, from the current pointer (or none):
 * - append adds the run's files to their partitions (a file already there is not added twice);
 * - replace and merge replace every partition the run lists with the run's files, and a listed
 *   partition with no files is removed (a merge that deleted its last rows);
 * - a partition's own `mode` overrides the run's (a backfill appends pending rows beyond its dates).
 * A run that changes nothing (an empty batch) leaves the pointer as it is: no new revision.
 */
export function publishRun(
  pointer: LatestPointer | undefined,
  run: RunSummary,
  context: StateContext,
): PointerChange {
  const base = pointer?.current.partitions ?? [];
  const byDate = new Map<string, readonly PublishedFile[]>(base.map((p) => [p.date, p.files]));
  for (const partition of run.partitions) {
    const files: PublishedFile[] = partition.files.map((f) => ({
      key: f.key,
      runId: run.runId,
      schemaVersion: run.schemaVersion,
      rows: f.rows,
    }));
    const mode = partition.mode ?? (run.writeMode === 'append' ? 'append' : 'replace');
    if (mode === 'append') {
      if (files.length === 0) continue;
      const existing = byDate.get(partition.date) ?? [];
      const known = new Set(existing.map((f) => f.key));
      byDate.set(partition.date, [...existing, ...files.filter((f) => !known.has(f.key))]);
    } else if (files.length === 0) {
      byDate.delete(partition.date);
    } else {
      byDate.set(partition.date, files);
    }
  }
  const partitions = [...byDate.entries()]
    .filter(([, files]) => files.length > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, files]) => ({ date, files }));
  if (samePartitions(base, partitions)) {
    return { kind: 'unchanged', revision: pointer?.current.revision ?? 0 };
  }
  const state: TableState = {
    revision: (pointer?.current.revision ?? 0) + 1,
    schemaVersion: newestSchemaVersion(
      partitions,
      Math.max(run.schemaVersion, pointer?.current.schemaVersion ?? 0),
    ),
    executionId: run.executionId,
    cause: runCause(run.runId),
    publishedAt: context.publishedAt,
    partitions,
  };
  return {
    kind: 'changed',
    pointer: pushState(pointer, run.sourceId, state, context.historyLimit),
  };
}

/**
 * Partitions a merge would overwrite that changed since the revision it was computed against.
 * A merge rewrites a partition from the rows it saw; publishing it over a partition another
 * run (or a rollback) changed since would silently drop those rows, so such a run is refused.
 */
export function mergeBaseConflicts(pointer: LatestPointer | undefined, run: RunSummary): string[] {
  if (run.writeMode !== 'merge') return [];
  const currentRevision = pointer?.current.revision ?? 0;
  if (currentRevision === run.baseRevision) return [];
  const base = allStates(pointer).find((s) => s.revision === run.baseRevision);
  const dates = run.partitions.map((p) => p.date);
  if (run.baseRevision !== 0 && !base) return dates;
  const before = new Map((base?.partitions ?? []).map((p) => [p.date, p]));
  const now = new Map((pointer?.current.partitions ?? []).map((p) => [p.date, p]));
  return dates.filter((date) => {
    const a = before.get(date);
    const b = now.get(date);
    return !samePartitions(a ? [a] : [], b ? [b] : []);
  });
}
