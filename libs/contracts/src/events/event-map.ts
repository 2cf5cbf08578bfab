import { TOPIC, type TopicBaseName } from '../topics';
import type { AvroRecordSchema } from './envelope';
import { type DeadLetterEvent, deadLetterSchema } from './dead-letter/dead-letter.event';
import {
  type DriftDetectedEvent,
  driftDetectedSchema,
} from './drift-detected/drift-detected.event';
import { type FileLandedEvent, fileLandedSchema } from './file-landed/file-landed.event';
import {
  type PromotionBlockedEvent,
  promotionBlockedSchema,
} from './promotion-blocked/promotion-blocked.event';
import { type RunCompletedEvent, runCompletedSchema } from './run-completed/run-completed.event';
import { type RunFailedEvent, runFailedSchema } from './run-failed/run-failed.event';
import { type RunPromotedEvent, runPromotedSchema } from './run-promoted/run-promoted.event';
import { type RunRejectedEvent, runRejectedSchema } from './run-rejected/run-rejected.event';
import {
  type SchemaProfiledEvent,
  schemaProfiledSchema,
} from './schema-profiled/schema-profiled.event';

/** The one topic → event type map: a producer and a consumer cannot disagree. */
export interface EventMap {
  'file-landed': FileLandedEvent;
  'schema-profiled': SchemaProfiledEvent;
  'drift-detected': DriftDetectedEvent;
  'dead-letter': DeadLetterEvent;
  'run-completed': RunCompletedEvent;
  'run-promoted': RunPromotedEvent;
  'run-rejected': RunRejectedEvent;
  'run-failed': RunFailedEvent;
  'promotion-blocked': PromotionBlockedEvent;
}

export type EventOf<T extends TopicBaseName> = EventMap[T];
export type AnyEvent = EventMap[TopicBaseName];

export interface EventDefinition {
  readonly topic: TopicBaseName;
  readonly version: number;
  readonly schema: AvroRecordSchema;
}

export const EVENT_DEFINITIONS: { readonly [T in TopicBaseName]: EventDefinition } = {
  [TOPIC.fileLanded]: { topic: TOPIC.fileLanded, version: 1, schema: fileLandedSchema },
  [TOPIC.schemaProfiled]: { topic: TOPIC.schemaProfiled, version: 1, schema: schemaProfiledSchema },
  [TOPIC.driftDetected]: { topic: TOPIC.driftDetected, version: 1, schema: driftDetectedSchema },
  [TOPIC.deadLetter]: { topic: TOPIC.deadLetter, version: 1, schema: deadLetterSchema },
  [TOPIC.runCompleted]: { topic: TOPIC.runCompleted, version: 1, schema: runCompletedSchema },
  [TOPIC.runPromoted]: { topic: TOPIC.runPromoted, version: 1, schema: runPromotedSchema },
  [TOPIC.runRejected]: { topic: TOPIC.runRejected, version: 1, schema: runRejectedSchema },
  [TOPIC.runFailed]: { topic: TOPIC.runFailed, version: 1, schema: runFailedSchema },
  [TOPIC.promotionBlocked]: {
    topic: TOPIC.promotionBlocked,
    version: 1,
    schema: promotionBlockedSchema,
  },
};

/** The payload a producer supplies; the envelope is filled in when the event is built. */
export type EventPayload<T extends TopicBaseName> = Omit<
  EventOf<T>,
  'eventId' | 'eventType' | 'eventVersion' | 'occurredAt' | 'traceparent' | 'runId' | 'sourceId'
>;
