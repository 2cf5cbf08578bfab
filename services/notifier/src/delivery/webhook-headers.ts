import type { DeliveryRecord } from '@tributary/contracts';
import {
  ATTEMPT_HEADER,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  signBody,
} from '../webhook/signature';

/** Headers of one attempt; signed at send time so a retry carries a fresh timestamp. */
export function webhookHeaders(
  record: DeliveryRecord,
  attempt: number,
  signingSecret: string | undefined,
  now: Date,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Tributary-Notifier/1',
    [EVENT_ID_HEADER]: record.eventId,
    [EVENT_TYPE_HEADER]: record.eventType,
    [ATTEMPT_HEADER]: String(attempt),
  };
  if (signingSecret) {
    headers[SIGNATURE_HEADER] = signBody(
      signingSecret,
      record.payload,
      Math.floor(now.getTime() / 1000),
    );
  }
  return headers;
}
