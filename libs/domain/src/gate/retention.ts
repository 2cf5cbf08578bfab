import type { LatestPointer } from '@tributary/contracts';
import { allStates } from './table-state';

/** Every data file any state of the pointer (current or kept for rollback) names. */
export function referencedKeys(pointer: LatestPointer | undefined): Set<string> {
  const keys = new Set<string>();
  for (const state of allStates(pointer))
    for (const partition of state.partitions)
      for (const file of partition.files) keys.add(file.key);
  return keys;
}

/** An object of a run under `curated/`: a data file or its `_SUCCESS`. */
export interface CuratedObject {
  readonly key: string;
  readonly runId: string;
  readonly kind: 'data' | 'success';
  readonly size: number;
  readonly etag: string;
}

export interface RunObjects {
  readonly runId: string;
  readonly objects: readonly CuratedObject[];
  readonly bytes: number;
}

export type KeepReason = 'referenced' | 'in-flight';

export interface RetentionPlan {
  /** Runs no pointer state references: all their objects can go. */
  readonly deletable: readonly RunObjects[];
  readonly kept: readonly { readonly runId: string; readonly reason: KeepReason }[];
}

/**
 * Which runs retention may delete: those none of whose data files any pointer state names. A run
 * with even one referenced file is kept whole (with its `_SUCCESS`), and so is a run not yet
 * decided by the gate (in flight), which a publication may be about to reference.
 */
export function planRetention(
  objects: readonly CuratedObject[],
  referenced: ReadonlySet<string>,
  inFlightRuns: ReadonlySet<string>,
): RetentionPlan {
  const byRun = new Map<string, CuratedObject[]>();
  for (const o of objects) byRun.set(o.runId, [...(byRun.get(o.runId) ?? []), o]);
  const deletable: RunObjects[] = [];
  const kept: { runId: string; reason: KeepReason }[] = [];
  for (const [runId, runObjects] of [...byRun.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (runObjects.some((o) => referenced.has(o.key))) kept.push({ runId, reason: 'referenced' });
    else if (inFlightRuns.has(runId)) kept.push({ runId, reason: 'in-flight' });
    else
      deletable.push({
        runId,
        objects: [...runObjects].sort((a, b) => a.key.localeCompare(b.key)),
        bytes: runObjects.reduce((s, o) => s + o.size, 0),
      });
  }
  return { deletable, kept };
}
