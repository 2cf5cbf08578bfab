import type { DeliveryRecord } from '@tributary/contracts';
import type { AlertEvent } from '../alerts/alert-events';
import type { AlertContent } from '../alerts/render/alert-content';
import { renderPayload } from '../alerts/render/payloads';
import type { Route } from '../alerts/routing';
import type { TargetVerdict } from '../webhook/target-policy';

/** The delivery log entry of one alert to one channel: PENDING, or REFUSED by the URL check. */
export function newDelivery(
  event: AlertEvent,
  route: Route,
  content: AlertContent,
  verdict: TargetVerdict,
  now: Date,
): DeliveryRecord {
  const at = now.toISOString();
  return {
    channel: route.channel,
    deliveryKey: event.eventId,
    channelName: route.channelName,
    eventId: event.eventId,
    eventType: event.eventType,
    sourceId: event.sourceId,
    runId: event.runId,
    format: route.format,
    target: verdict.allowed ? verdict.target.display : verdict.display,
    status: verdict.allowed ? 'PENDING' : 'REFUSED',
    attempts: [],
    lastError: verdict.allowed ? null : verdict.reason,
    nextAttemptAt: verdict.allowed ? at : null,
    leaseOwner: null,
    leaseUntil: null,
    summary: content.summary,
    payload: renderPayload(route.format, event, content),
    createdAt: at,
    updatedAt: at,
    deliveredAt: null,
  };
}
