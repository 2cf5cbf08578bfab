import type { PipelineState } from '@tributary/contracts';

/** What can happen to a source's pipeline (SPEC §5). */
export type PipelineEvent =
  | 'request_run'
  | 'claim'
  | 'finish'
  | 'request_pause'
  | 'pause_at_batch_boundary'
  | 'resume'
  | 'fail'
  | 'skip'
  | 'reset';

/**
 * The allowed transitions, in one place:
 * IDLE → RUN_REQUESTED → RUNNING → IDLE; RUNNING → PAUSE_REQUESTED → PAUSED → RUN_REQUESTED;
 * RUNNING → FAILED. A request can be skipped (a BREAKING schema blocks the source) back to IDLE,
 * and a person resets a FAILED pipeline to IDLE.
 */
const TRANSITIONS: Readonly<Record<PipelineState, Partial<Record<PipelineEvent, PipelineState>>>> =
  {
    IDLE: { request_run: 'RUN_REQUESTED' },
    RUN_REQUESTED: { claim: 'RUNNING', skip: 'IDLE' },
    RUNNING: {
      finish: 'IDLE',
      request_pause: 'PAUSE_REQUESTED',
      fail: 'FAILED',
      // A new owner taking over a crashed run stays RUNNING.
      claim: 'RUNNING',
    },
    PAUSE_REQUESTED: {
      pause_at_batch_boundary: 'PAUSED',
      finish: 'IDLE',
      fail: 'FAILED',
      claim: 'PAUSE_REQUESTED',
    },
    PAUSED: { resume: 'RUN_REQUESTED' },
    FAILED: { reset: 'IDLE', request_run: 'RUN_REQUESTED' },
  };

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: PipelineState,
    readonly event: PipelineEvent,
  ) {
    super(`cannot ${event.replace(/_/g, ' ')} from ${from}`);
    this.name = 'IllegalTransitionError';
  }
}

export function nextPipelineState(from: PipelineState, event: PipelineEvent): PipelineState {
  const to = TRANSITIONS[from][event];
  if (to === undefined) throw new IllegalTransitionError(from, event);
  return to;
}

export function canTransition(from: PipelineState, event: PipelineEvent): boolean {
  return TRANSITIONS[from][event] !== undefined;
}
