import { childTraceparent } from '../ids/traceparent';
import { newEventId } from '../ids/ulid';
import type { TopicBaseName } from '../topics';
import { EVENT_DEFINITIONS, type EventOf, type EventPayload } from './event-map';

export interface EventContext {
  readonly sourceId: string;
  readonly runId?: string | null;
  /** The traceparent of the cause; a child span is derived from it. */
  readonly traceparent?: string;
  readonly now?: Date;
  /** Reuse an id (re-publishing after a crash), so consumers can de-duplicate. */
  readonly eventId?: string;
}

/** Builds a complete event: a fresh ULID, the envelope of SPEC §1 and the payload. */
export function buildEvent<T extends TopicBaseName>(
  topic: T,
  context: EventContext,
  payload: EventPayload<T>,
): EventOf<T> {
  const definition = EVENT_DEFINITIONS[topic];
  const now = context.now ?? new Date();
  return {
    ...payload,
    eventId: context.eventId ?? newEventId(now.getTime()),
    eventType: topic,
    eventVersion: definition.version,
    sourceId: context.sourceId,
    runId: context.runId ?? null,
    occurredAt: now.toISOString(),
    traceparent: childTraceparent(context.traceparent),
  } as unknown as EventOf<T>;
}
