import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { StartPosition, Subscription } from '@tributary/ports';
import { isValidTopic, type TopicBaseName } from './topic-guard';
import { lastValueFrom } from 'rxjs';
import type { EventBus } from './event-bus';

export interface EventBusTransportOptions {
  readonly groupId: string;
  readonly start?: StartPosition;
}

/**
 * A NestJS microservice transport over the EventBus: `@EventPattern('file-landed')` handlers
 * receive decoded, typed events; a handler's error flows back into the bus's retry/DLQ logic.
 */
export class EventBusTransport extends Server implements CustomTransportStrategy {
  private subscription: Subscription | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly options: EventBusTransportOptions,
  ) {
    super();
  }

  async listen(callback: () => void): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    const invalid = topics.filter((t) => !isValidTopic(t));
    if (invalid.length > 0)
      throw new Error(`@EventPattern on unknown topics: ${invalid.join(', ')}`);
    if (topics.length > 0) {
      this.subscription = await this.bus.subscribe({
        groupId: this.options.groupId,
        topics: topics as TopicBaseName[],
        start: this.options.start,
        handler: async (event, context) => {
          const handler = this.getHandlerByPattern(context.topic);
          if (!handler) throw new Error(`no handler for ${context.topic}`);
          const result: unknown = await handler(event, context);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        },
      });
    }
    callback();
  }

  async close(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  on(): void {
    // The bus reports its own status through logs and metrics.
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}
