import { type EventOf, TOPIC } from '@tributary/contracts';

/** The topics the notifier turns into alerts. */
export const ALERT_TOPICS = [
  TOPIC.driftDetected,
  TOPIC.deadLetter,
  TOPIC.runRejected,
  TOPIC.runFailed,
  TOPIC.promotionBlocked,
] as const;

export type AlertTopic = (typeof ALERT_TOPICS)[number];
export type AlertEvent = EventOf<AlertTopic>;
