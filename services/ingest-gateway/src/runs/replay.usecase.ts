import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type FileLandedEvent, TOPIC } from '@tributary/contracts';
import { EventBus, problem } from '@tributary/platform';
import { ManageRunsUseCase } from './manage-runs.usecase';

const REPLAY_TIMEOUT_MS = 60_000;

/**
 * Drives a backfill by replaying `file-landed` from a timestamp in a consumer group of its own:
 * reads until the group has caught up, collects the landing dates of the source's files, and
 * requests a `_BACKFILL` run rewriting exactly those partitions. The live consumers are untouched.
 */
@Injectable()
export class ReplayUseCase {
  constructor(
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(ManageRunsUseCase) private readonly runs: ManageRunsUseCase,
  ) {}

  async execute(
    sourceId: string,
    since: Date,
    until?: Date,
  ): Promise<{ runId: string | null; dates: string[]; events: number }> {
    if (until && until < since)
      throw problem.badRequest('invalid-range', 'until must not be before since');
    await this.runs.state(sourceId);
    const groupId = `replay-${sourceId}-${randomBytes(4).toString('hex')}`;
    const dates = new Set<string>();
    let seen = 0;
    const subscription = await this.events.subscribe({
      groupId,
      topics: [TOPIC.fileLanded],
      start: { timestamp: since.getTime() },
      handler: async (event) => {
        const landed = event as FileLandedEvent;
        if (landed.sourceId !== sourceId) return;
        if (until && Date.parse(landed.occurredAt) > until.getTime()) return;
        seen++;
        dates.add(landed.landingDate);
      },
    });
    try {
      const deadline = Date.now() + REPLAY_TIMEOUT_MS;
      // Caught up when the group has committed up to the end of every partition.
      for (;;) {
        await new Promise((r) => setTimeout(r, 300));
        const lag = await this.events
          .lag(groupId, [TOPIC.fileLanded])
          .catch(() => Number.POSITIVE_INFINITY);
        if (lag === 0) break;
        if (Date.now() > deadline)
          throw problem.unavailable('the replay did not catch up in time; retry');
      }
    } finally {
      await subscription.stop();
    }
    const sorted = [...dates].sort();
    if (sorted.length === 0) return { runId: null, dates: [], events: 0 };
    const { runId } = await this.runs.trigger(sourceId, sorted);
    return { runId, dates: sorted, events: seen };
  }
}
