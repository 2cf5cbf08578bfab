import type { LatestPointer, TableState } from '@tributary/contracts';
import { pushState, rollbackCause } from './table-state';

export type RollbackTarget = { readonly toRevision: number } | { readonly steps: number };

export type RollbackErrorCode = 'revision-unknown' | 'already-current' | 'steps-out-of-range';

export class RollbackError extends Error {
  constructor(
    readonly code: RollbackErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RollbackError';
  }
}

/** The earlier state a rollback goes back to: a revision kept in `previous`, or n states back. */
export function rollbackTarget(pointer: LatestPointer, target: RollbackTarget): TableState {
  if ('steps' in target) {
    const state = pointer.previous[target.steps - 1];
    if (!Number.isInteger(target.steps) || target.steps < 1 || !state) {
      throw new RollbackError(
        'steps-out-of-range',
        `steps must be 1..${pointer.previous.length} (the earlier states kept)`,
      );
    }
    return state;
  }
  if (target.toRevision === pointer.current.revision) {
    throw new RollbackError(
      'already-current',
      `revision ${target.toRevision} is the current state`,
    );
  }
  const state = pointer.previous.find((s) => s.revision === target.toRevision);
  if (!state) {
    throw new RollbackError(
      'revision-unknown',
      `revision ${target.toRevision} is not among the kept states (${pointer.previous.map((s) => s.revision).join(', ') || 'none'})`,
    );
  }
  return state;
}

/**
 * Moves the pointer back to an earlier state as a new revision (history is kept, so a rollback
 * can itself be rolled back): the new state's partitions are exactly the earlier state's.
 */
export function rollbackPointer(
  pointer: LatestPointer,
  target: RollbackTarget,
  context: {
    readonly executionId: string;
    readonly publishedAt: string;
    readonly historyLimit: number;
  },
): LatestPointer {
  const earlier = rollbackTarget(pointer, target);
  const state: TableState = {
    revision: pointer.current.revision + 1,
    schemaVersion: earlier.schemaVersion,
    executionId: context.executionId,
    cause: rollbackCause(earlier.revision),
    publishedAt: context.publishedAt,
    partitions: earlier.partitions,
  };
  return pushState(pointer, pointer.sourceId, state, context.historyLimit);
}
