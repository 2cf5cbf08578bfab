import type { AlertEvent } from '../alert-events';
import type { AlertContent } from './alert-content';
import { escapeMrkdwn } from './text-safety';

export type WebhookFormat = 'json' | 'slack';

/** Slack block limits: header text 150, section text 3000, field text 2000, 10 fields. */
const SLACK = { header: 150, section: 3000, field: 2000, fields: 10 } as const;

/** The exact body POSTed to a channel. */
export function renderPayload(
  format: WebhookFormat,
  event: AlertEvent,
  content: AlertContent,
): string {
  return format === 'slack' ? renderSlack(event, content) : renderJson(event, content);
}

/** The JSON webhook: kind, source, a human summary and the event's details. */
export function renderJson(event: AlertEvent, content: AlertContent): string {
  return JSON.stringify({
    specVersion: 1,
    kind: event.eventType,
    eventId: event.eventId,
    sourceId: content.sourceId,
    runId: event.runId,
    occurredAt: event.occurredAt,
    severity: content.severity,
    title: content.title,
    summary: content.summary,
    details: content.details,
  });
}

/** A Slack-compatible payload: `text` (notification fallback) and `blocks`. */
export function renderSlack(event: AlertEvent, content: AlertContent): string {
  const icon = content.severity === 'critical' ? ':rotating_light:' : ':warning:';
  const blocks: object[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: capPlain(content.title, SLACK.header), emoji: false },
    },
    {
      type: 'section',
      text: mrkdwn(`${icon} ${escapeMrkdwnCapped(content.summary, SLACK.section - 20)}`),
    },
  ];
  if (content.facts.length > 0) {
    blocks.push({
      type: 'section',
      fields: content.facts
        .slice(0, SLACK.fields)
        .map((f) =>
          mrkdwn(`*${f.label}*\n${escapeMrkdwnCapped(f.value, SLACK.field - f.label.length - 4)}`),
        ),
    });
  }
  for (const section of content.sections) {
    const more = section.omitted > 0 ? `\n_…and ${section.omitted} more_` : '';
    const head = `*${section.heading}*`;
    const room = SLACK.section - head.length - more.length - 1;
    const list = escapeMrkdwnCapped(section.items.map((i) => `• ${i}`).join('\n'), room);
    blocks.push({ type: 'section', text: mrkdwn(`${head}\n${list}${more}`) });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(escapeMrkdwn(`${event.eventType} · event ${event.eventId} · ${event.occurredAt}`)),
    ],
  });
  return JSON.stringify({ text: escapeMrkdwnCapped(content.summary, SLACK.section), blocks });
}

function mrkdwn(text: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text };
}

function capPlain(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Escapes for mrkdwn and caps the escaped result without cutting an entity in half. */
export function escapeMrkdwnCapped(text: string, max: number): string {
  let out = '';
  let length = 0;
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const piece = escapeMrkdwn(chars[i]!);
    const last = i === chars.length - 1;
    if (length + piece.length > (last ? max : max - 1)) return `${out}…`;
    out += piece;
    length += piece.length;
  }
  return out;
}
