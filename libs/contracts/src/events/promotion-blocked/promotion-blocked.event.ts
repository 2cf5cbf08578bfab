import { type EventEnvelope, eventRecordSchema } from '../envelope';

/** A source's promotion was skipped because its schema has a BREAKING version. */
export interface PromotionBlockedEvent extends EventEnvelope {
  readonly eventType: 'promotion-blocked';
  readonly breakingVersion: number;
  readonly versionKey: string;
  readonly pendingFiles: number;
  readonly reason: string;
}

export const promotionBlockedSchema = eventRecordSchema(
  'PromotionBlocked',
  'Promotion of a source was skipped',
  [
    { name: 'breakingVersion', type: 'int' },
    { name: 'versionKey', type: 'string' },
    { name: 'pendingFiles', type: 'int' },
    { name: 'reason', type: 'string' },
  ],
);
