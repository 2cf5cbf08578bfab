import { PIPELINE_STATES, type PipelineState } from '@tributary/contracts';
import {
  canTransition,
  IllegalTransitionError,
  nextPipelineState,
  type PipelineEvent,
} from './pipeline-state-machine';

const EVENTS: PipelineEvent[] = [
  'request_run',
  'claim',
  'finish',
  'request_pause',
  'pause_at_batch_boundary',
  'resume',
  'fail',
  'skip',
  'reset',
];

const ALLOWED: Record<string, PipelineState> = {
  'IDLE request_run': 'RUN_REQUESTED',
  'RUN_REQUESTED claim': 'RUNNING',
  'RUN_REQUESTED skip': 'IDLE',
  'RUNNING finish': 'IDLE',
  'RUNNING request_pause': 'PAUSE_REQUESTED',
  'RUNNING fail': 'FAILED',
  'RUNNING claim': 'RUNNING',
  'PAUSE_REQUESTED pause_at_batch_boundary': 'PAUSED',
  'PAUSE_REQUESTED finish': 'IDLE',
  'PAUSE_REQUESTED fail': 'FAILED',
  'PAUSE_REQUESTED claim': 'PAUSE_REQUESTED',
  'PAUSED resume': 'RUN_REQUESTED',
  'FAILED reset': 'IDLE',
  'FAILED request_run': 'RUN_REQUESTED',
};

describe('pipeline state machine', () => {
  it.each(PIPELINE_STATES.flatMap((s) => EVENTS.map((e) => [s, e] as const)))(
    '%s + %s',
    (state, event) => {
      const expected = ALLOWED[`${state} ${event}`];
      expect(canTransition(state, event)).toBe(expected !== undefined);
      if (expected) expect(nextPipelineState(state, event)).toBe(expected);
      else expect(() => nextPipelineState(state, event)).toThrow(IllegalTransitionError);
    },
  );

  it('walks the paths of SPEC §5', () => {
    let s: PipelineState = 'IDLE';
    for (const e of [
      'request_run',
      'claim',
      'request_pause',
      'pause_at_batch_boundary',
      'resume',
      'claim',
      'finish',
    ] as const) {
      s = nextPipelineState(s, e);
    }
    expect(s).toBe('IDLE');
    expect(nextPipelineState('RUNNING', 'fail')).toBe('FAILED');
  });
});
