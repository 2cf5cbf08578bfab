import type { SourceRecord } from '@tributary/contracts';
import type { WebhookFormat } from './render/payloads';

/** The channel configured by `NOTIFIER_DEFAULT_WEBHOOK_URL`; `_` cannot start a source id. */
export const DEFAULT_CHANNEL = '_default';

export interface ChannelTarget {
  readonly url: string;
  readonly format: WebhookFormat;
}

export interface Route extends ChannelTarget {
  /** Unique across sources: `<sourceId>.<name>` (neither may contain a dot) or `_default`. */
  readonly channel: string;
  readonly channelName: string;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function sourceChannelId(sourceId: string, name: string): string {
  return `${sourceId}.${name}`;
}

export type ChannelRef =
  | { readonly kind: 'default' }
  | { readonly kind: 'source'; readonly sourceId: string; readonly name: string };

export function parseChannelId(channel: string): ChannelRef | undefined {
  if (channel === DEFAULT_CHANNEL) return { kind: 'default' };
  const [sourceId, name, ...rest] = channel.split('.');
  if (rest.length > 0 || !sourceId || !name || !NAME.test(sourceId) || !NAME.test(name))
    return undefined;
  return { kind: 'source', sourceId, name };
}

/** Where an alert about a source goes: the source's webhooks, then the default channel. */
export function routeAlert(
  source: SourceRecord | undefined,
  fallback: ChannelTarget | undefined,
): Route[] {
  const routes: Route[] = [];
  const seen = new Set<string>();
  for (const channel of source?.channels ?? []) {
    if (channel.kind !== 'webhook' || seen.has(channel.name)) continue;
    seen.add(channel.name);
    routes.push({
      channel: sourceChannelId(source!.sourceId, channel.name),
      channelName: channel.name,
      url: channel.url,
      format: channel.format,
    });
  }
  if (fallback) routes.push({ channel: DEFAULT_CHANNEL, channelName: 'default', ...fallback });
  return routes;
}

/** The current target of a channel (a person may have changed or removed it since). */
export function channelTarget(
  ref: ChannelRef,
  source: SourceRecord | undefined,
  fallback: ChannelTarget | undefined,
): ChannelTarget | undefined {
  if (ref.kind === 'default') return fallback;
  const channel = source?.channels.find((c) => c.kind === 'webhook' && c.name === ref.name);
  return channel ? { url: channel.url, format: channel.format } : undefined;
}
