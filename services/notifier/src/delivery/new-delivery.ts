import type { DeliveryRecord } from '@tributary/contracts';
import type { AlertEvent } from '../alerts/alert-events';
import type { AlertContent } from '../alerts/render/alert-content';
import { renderPayload } from '../alerts/render/payloads';
import type { Route } from '../alerts/routing';
import type { TargetVerdict } from '../webhook/target-policy';

/** The channel of alerts a source has no channel for: kept in the log, sent nowhere. */
export const RECORDED_CHANNEL = '_recorded';

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

/** The log entry of an alert for a source without a channel: the alert is the record. */
export function recordedAlert(event: AlertEvent, content: AlertContent, now: Date): DeliveryRecord {
  const at = now.toISOString();
  return {
    channel: RECORDED_CHANNEL,
    deliveryKey: event.eventId,
    channelName: 'none',
    eventId: event.eventId,
    eventType: event.eventType,
    sourceId: event.sourceId,
    runId: event.runId,
    format: 'json',
    target: '(no channel)',
    status: 'RECORDED',
    attempts: [],
    lastError: `source ${event.sourceId} has no alert channel: recorded here, sent nowhere (add a webhook with \`tributary sources update ${event.sourceId} --settings '{"channels":[{"kind":"webhook","name":"ops","url":"https://…"}]}'\`)`,
    nextAttemptAt: null,
    leaseOwner: null,
    leaseUntil: null,
    summary: content.summary,
    payload: renderPayload('json', event, content),
    createdAt: at,
    updatedAt: at,
    deliveredAt: null,
  };
}
