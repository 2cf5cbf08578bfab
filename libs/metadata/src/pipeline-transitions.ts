import type { PipelineStateRecord, RunRequest } from '@tributary/contracts';
import { type PipelineEvent, nextPipelineState } from '@tributary/domain';
import {
  type Clock,
  type KeyValueStore,
  PreconditionFailedError,
  systemClock,
} from '@tributary/ports';
import type { Versioned } from './item-mapping';
import type { MetadataTables } from './metadata-tables';
import { PipelineStateRepository } from './pipeline-state.repository';

/**
 * Applies the pipeline state machine (libs/domain) as compare-and-swap writes: the control plane
 * requests, pauses and resumes; promoters claim, heartbeat, finish. A lost race returns undefined.
 */
export class PipelineTransitions {
  private readonly states: PipelineStateRepository;

  constructor(
    store: KeyValueStore,
    tables: MetadataTables,
    private readonly clock: Clock = systemClock,
  ) {
    this.states = new PipelineStateRepository(store, tables);
  }

  async current(sourceId: string): Promise<Versioned<PipelineStateRecord>> {
    const existing = await this.states.get(sourceId);
    if (existing) return existing;
    const idle: PipelineStateRecord = {
      sourceId,
      state: 'IDLE',
      request: null,
      runId: null,
      owner: null,
      heartbeatAt: null,
      lastError: null,
      updatedAt: this.clock.now().toISOString(),
    };
    try {
      await this.states.create(idle);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
    const created = await this.states.get(sourceId);
    if (!created) throw new Error(`pipeline state of ${sourceId} vanished`);
    return created;
  }

  /** One transition from exactly the state read; undefined when another writer got there first. */
  async apply(
    current: Versioned<PipelineStateRecord>,
    event: PipelineEvent,
    changes: Partial<Omit<PipelineStateRecord, 'sourceId' | 'state'>> = {},
  ): Promise<Versioned<PipelineStateRecord> | undefined> {
    const next: PipelineStateRecord = {
      ...current.record,
      ...changes,
      state: nextPipelineState(current.record.state, event),
      updatedAt: this.clock.now().toISOString(),
    };
    try {
      await this.states.transition(next, current.revision);
      return { record: next, revision: current.revision + 1 };
    } catch (error) {
      if (error instanceof PreconditionFailedError) return undefined;
      throw error;
    }
  }

  async request(
    current: Versioned<PipelineStateRecord>,
    request: RunRequest,
  ): Promise<Versioned<PipelineStateRecord> | undefined> {
    return this.apply(current, 'request_run', { request, lastError: null });
  }

  /** Refreshes the claim's heartbeat; undefined when the claim was lost (or the state moved). */
  async heartbeat(
    current: Versioned<PipelineStateRecord>,
  ): Promise<Versioned<PipelineStateRecord> | undefined> {
    return this.rewrite(current, { heartbeatAt: this.clock.now().toISOString() });
  }

  /** Gives a running claim up (shutdown), so any promoter can resume the run at once. */
  async release(
    current: Versioned<PipelineStateRecord>,
  ): Promise<Versioned<PipelineStateRecord> | undefined> {
    return this.rewrite(current, { owner: null, heartbeatAt: null });
  }

  private async rewrite(
    current: Versioned<PipelineStateRecord>,
    changes: Partial<PipelineStateRecord>,
  ): Promise<Versioned<PipelineStateRecord> | undefined> {
    const next: PipelineStateRecord = {
      ...current.record,
      ...changes,
      updatedAt: this.clock.now().toISOString(),
    };
    try {
      await this.states.transition(next, current.revision);
      return { record: next, revision: current.revision + 1 };
    } catch (error) {
      if (error instanceof PreconditionFailedError) return undefined;
      throw error;
    }
  }
}
