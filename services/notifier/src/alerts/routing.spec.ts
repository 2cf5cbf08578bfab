import type { SourceRecord } from '@tributary/contracts';
import { channelTarget, DEFAULT_CHANNEL, parseChannelId, routeAlert } from './routing';

const source = {
  sourceId: 'orders',
  channels: [
    { kind: 'webhook', name: 'ops', url: 'https://hooks.example.com/a', format: 'json' },
    { kind: 'webhook', name: 'chat', url: 'https://hooks.slack.com/services/x', format: 'slack' },
    { kind: 'webhook', name: 'ops', url: 'https://dup.example.com/', format: 'json' },
  ],
} as unknown as SourceRecord;

describe('routing', () => {
  it("routes to the source's channels (first of a name wins), then the default", () => {
    const routes = routeAlert(source, { url: 'https://default.example.com/', format: 'json' });
    expect(routes.map((r) => [r.channel, r.url, r.format])).toEqual([
      ['orders.ops', 'https://hooks.example.com/a', 'json'],
      ['orders.chat', 'https://hooks.slack.com/services/x', 'slack'],
      [DEFAULT_CHANNEL, 'https://default.example.com/', 'json'],
    ]);
  });

  it('routes an unknown source to the default channel only, or nowhere', () => {
    expect(routeAlert(undefined, { url: 'https://d.example/', format: 'slack' })).toHaveLength(1);
    expect(routeAlert(undefined, undefined)).toEqual([]);
  });

  it('parses channel ids back and finds their current target', () => {
    expect(parseChannelId('orders.ops')).toEqual({
      kind: 'source',
      sourceId: 'orders',
      name: 'ops',
    });
    expect(parseChannelId(DEFAULT_CHANNEL)).toEqual({ kind: 'default' });
    expect(parseChannelId('a.b.c')).toBeUndefined();
    expect(parseChannelId('Orders.ops')).toBeUndefined();
    expect(
      channelTarget({ kind: 'source', sourceId: 'orders', name: 'chat' }, source, undefined),
    ).toEqual({
      url: 'https://hooks.slack.com/services/x',
      format: 'slack',
    });
    expect(
      channelTarget({ kind: 'source', sourceId: 'orders', name: 'gone' }, source, undefined),
    ).toBeUndefined();
  });
});
