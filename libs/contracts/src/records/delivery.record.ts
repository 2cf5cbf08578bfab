/**
 * A delivery's lifecycle. PENDING → (RETRYING →)* DELIVERED | DEAD_LETTERED; REFUSED when the
 * target failed the SSRF policy (never contacted, or a redirect hop was refused); RECORDED when
 * the source has no channel: the alert is kept in the log (the record), sent nowhere.
 */
export const DELIVERY_STATUS = [
  'PENDING',
  'RETRYING',
  'DELIVERED',
  'DEAD_LETTERED',
  'REFUSED',
  'RECORDED',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUS)[number];

/** Statuses that still have work to do. */
export const OUTSTANDING_DELIVERY_STATUS = ['PENDING', 'RETRYING'] as const;

export function isOutstandingDelivery(status: DeliveryStatus): boolean {
  return (OUTSTANDING_DELIVERY_STATUS as readonly string[]).includes(status);
}

/** One contact with the target. */
export interface DeliveryAttempt {
  readonly attempt: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** The last HTTP status received in this attempt (after redirects), null when none. */
  readonly httpStatus: number | null;
  readonly error: string | null;
}

/**
 * One alert to one channel, in the `deliveries` table (partition `channel`, sort `delivery_key`).
 * The delivery key is the event id, so an event is delivered at most once per channel.
 * Never holds a target URL or a secret: `target` is the host (and port) only.
 */
export interface DeliveryRecord {
  /**
   * `<sourceId>.<channelName>` for a source's channel, `_default` for the configured default,
   * `_recorded` for an alert of a source with no channel.
   */
  readonly channel: string;
  readonly deliveryKey: string;
  readonly channelName: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly sourceId: string;
  readonly runId: string | null;
  readonly format: 'json' | 'slack';
  readonly target: string;
  readonly status: DeliveryStatus;
  readonly attempts: readonly DeliveryAttempt[];
  readonly lastError: string | null;
  /** When the next attempt is due (outstanding deliveries only). */
  readonly nextAttemptAt: string | null;
  /** The notifier replica working on it, until `leaseUntil`; others leave it alone meanwhile. */
  readonly leaseOwner: string | null;
  readonly leaseUntil: string | null;
  readonly summary: string;
  /** The exact request body sent on every attempt. */
  readonly payload: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deliveredAt: string | null;
}
