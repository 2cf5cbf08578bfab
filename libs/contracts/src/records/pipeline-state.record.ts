export const PIPELINE_STATES = [
  'IDLE',
  'RUN_REQUESTED',
  'RUNNING',
  'PAUSE_REQUESTED',
  'PAUSED',
  'FAILED',
] as const;
export type PipelineState = (typeof PIPELINE_STATES)[number];

export interface RunRequest {
  readonly runId: string;
  readonly requestedAt: string;
  readonly requestedBy: string;
  /** Backfill runs name the partition dates they rewrite. */
  readonly backfillDates: readonly string[] | null;
}

/** Per-source pipeline state (SPEC §5). */
export interface PipelineStateRecord {
  readonly sourceId: string;
  readonly state: PipelineState;
  readonly request: RunRequest | null;
  /** The run executing now (RUNNING / PAUSE_REQUESTED), or the last one. */
  readonly runId: string | null;
  /** Holder of the claim, so a crashed worker's run can be recognised. */
  readonly owner: string | null;
  readonly heartbeatAt: string | null;
  readonly lastError: string | null;
  /** The last requested run the promoter declined to start (a BREAKING schema), and why. */
  readonly declined?: { readonly runId: string; readonly reason: string } | null;
  readonly updatedAt: string;
}
