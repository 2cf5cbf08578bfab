import type { ConsumeOptions, ReceivedMessage, Subscription } from '@tributary/ports';
import { errorMessage } from '@tributary/ports';
import type { LogCatalog } from './log-catalog';
import type { Assignment, GroupMembership } from './group-membership';
import { type FetchLimits, PartitionReader } from './partition-reader';
import type { LogRecord } from './record-format';

export type LogFn = (level: 'error' | 'warn' | 'info', message: string, extra: object) => void;

export interface SubscriptionTiming {
  /** How often an idle consumer looks for records appended by other processes. */
  readonly pollMs: number;
  readonly heartbeatMs: number;
  /** First delay before a failed message is handed over again; doubles up to retryMaxMs. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly fetch: FetchLimits;
}

export interface SubscriptionDeps {
  readonly catalog: LogCatalog;
  readonly logDir: string;
  readonly membership: GroupMembership;
  readonly timing: SubscriptionTiming;
  readonly log?: LogFn;
  readonly onStopped: () => void;
}

function toReceived(topic: string, partition: number, record: LogRecord): ReceivedMessage {
  return {
    topic,
    partition,
    offset: String(record.offset),
    key: record.key,
    value: record.value,
    headers: record.headers,
    timestamp: record.timestamp,
  };
}

/**
 * A running consume(): hands the records of the partitions this member holds to `onMessage`,
 * one at a time and in order per partition; commits each offset after the handler resolved; a
 * handler that throws gets the same record again after a delay, before anything after it.
 */
export class LogSubscription implements Subscription {
  private readonly readers = new Map<string, PartitionReader>();
  private assignment: Assignment = { held: new Set(), desired: new Set() };
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private interrupt: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly options: ConsumeOptions,
    private readonly deps: SubscriptionDeps,
  ) {}

  start(): void {
    this.assignment = this.deps.membership.heartbeat();
    this.timer = setInterval(() => this.beat(), this.deps.timing.heartbeatMs);
    this.running = this.run();
  }

  /** New records may be there (a send of this process): stop waiting. */
  notify(topic: string): void {
    if (this.options.topics.includes(topic)) this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.interrupt?.();
    await this.running;
    await Promise.all([...this.readers.values()].map((r) => r.close()));
    this.readers.clear();
    try {
      this.deps.membership.leave();
    } catch (error) {
      this.deps.log?.('warn', 'embedded log: leaving the group failed', {
        error: errorMessage(error),
      });
    }
    this.deps.onStopped();
  }

  private beat(): void {
    try {
      this.assignment = this.deps.membership.heartbeat();
    } catch (error) {
      this.deps.log?.('warn', 'embedded log: heartbeat failed', {
        groupId: this.options.groupId,
        error: errorMessage(error),
      });
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let delivered = false;
      try {
        await this.reconcile();
        for (const [id, reader] of [...this.readers]) {
          if (this.stopping) break;
          const outcome = await this.drain(reader);
          if (outcome === 'lost') await this.drop(id);
          delivered ||= outcome === 'delivered';
        }
      } catch (error) {
        this.deps.log?.('error', 'embedded log: consumer step failed', {
          groupId: this.options.groupId,
          error: errorMessage(error),
        });
        // Start again from the committed offsets: nothing is skipped, at worst handed over twice.
        await Promise.all([...this.readers.keys()].map((id) => this.drop(id)));
        await this.sleep(this.deps.timing.retryBaseMs, false);
        continue;
      }
      if (!delivered) await this.sleep(this.deps.timing.pollMs, true);
    }
  }

  /** Gives back partitions assigned elsewhere (between messages), opens readers for new ones. */
  private async reconcile(): Promise<void> {
    const { held, desired } = this.assignment;
    for (const id of [...this.readers.keys()]) {
      if (!held.has(id)) await this.drop(id);
    }
    for (const id of held) {
      const [topic, p] = id.split('\0') as [string, string];
      if (!desired.has(id)) {
        await this.drop(id);
        this.deps.membership.release(topic, Number(p));
        this.assignment = {
          held: new Set([...this.assignment.held].filter((h) => h !== id)),
          desired: this.assignment.desired,
        };
        continue;
      }
      if (this.readers.has(id)) continue;
      const reader = new PartitionReader(this.deps.catalog, this.deps.logDir, topic, Number(p));
      await reader.seek(
        this.deps.catalog.committedOffset(this.options.groupId, topic, Number(p)) ?? 0,
      );
      this.readers.set(id, reader);
    }
  }

  private async drain(reader: PartitionReader): Promise<'idle' | 'delivered' | 'lost'> {
    const records = await reader.fetch(this.deps.timing.fetch);
    if (records.length === 0) return 'idle';
    for (const record of records) {
      if (this.stopping) return 'lost';
      if (!(await this.deliver(reader, record))) return 'lost';
      if (!this.deps.membership.commit(reader.topic, reader.partition, record.offset + 1)) {
        this.deps.log?.('warn', 'embedded log: partition lease lost; not committing', {
          groupId: this.options.groupId,
          topic: reader.topic,
          partition: reader.partition,
        });
        return 'lost';
      }
    }
    return 'delivered';
  }

  /** True once the handler resolved; false when the consumer stops first. */
  private async deliver(reader: PartitionReader, record: LogRecord): Promise<boolean> {
    const message = toReceived(reader.topic, reader.partition, record);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.onMessage(message);
        return true;
      } catch (error) {
        if (this.stopping) return false;
        const delay = Math.min(
          this.deps.timing.retryBaseMs * 2 ** Math.min(attempt - 1, 20),
          this.deps.timing.retryMaxMs,
        );
        this.deps.log?.('warn', 'embedded log: handler failed; the message comes again', {
          groupId: this.options.groupId,
          topic: reader.topic,
          partition: reader.partition,
          offset: message.offset,
          attempt,
          delayMs: delay,
          error: errorMessage(error),
        });
        // Only a stop cuts this short: new records must not hurry a failing handler.
        await this.sleep(delay, false);
        if (this.stopping) return false;
      }
    }
  }

  private async drop(id: string): Promise<void> {
    const reader = this.readers.get(id);
    this.readers.delete(id);
    await reader?.close();
  }

  /** Waits `ms`, less if the consumer stops or, when `wakeable`, if new records arrive. */
  private async sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = wakeable ? done : undefined;
      this.interrupt = done;
    });
    this.wakeUp = undefined;
    this.interrupt = undefined;
  }
}
