import { Inject, Injectable } from '@nestjs/common';
import type { SourceRecord } from '@tributary/contracts';
import { SourceRepository } from '@tributary/metadata';
import {
  type ChannelTarget,
  channelTarget,
  parseChannelId,
  type Route,
  routeAlert,
} from '../alerts/routing';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../notifier.config';

const CACHE_TTL_MS = 2_000;

/** Channels as configured now: on the source record (control plane) or by the default URL. */
@Injectable()
export class ChannelDirectory {
  private readonly cache = new Map<string, { at: number; source: SourceRecord | undefined }>();

  constructor(
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  /** Routes of a new alert, read fresh so a just-added channel gets it. */
  async routesFor(sourceId: string): Promise<Route[]> {
    const source = (await this.sources.get(sourceId))?.record;
    this.cache.set(sourceId, { at: Date.now(), source });
    return routeAlert(source, this.config.defaultChannel);
  }

  /** Where a recorded delivery goes now; undefined when the channel no longer exists. */
  async targetOf(channel: string): Promise<ChannelTarget | undefined> {
    const ref = parseChannelId(channel);
    if (!ref) return undefined;
    const source = ref.kind === 'source' ? await this.source(ref.sourceId) : undefined;
    return channelTarget(ref, source, this.config.defaultChannel);
  }

  private async source(sourceId: string): Promise<SourceRecord | undefined> {
    const cached = this.cache.get(sourceId);
    if (cached && Date.now() - cached.at < CACHE_TTL_MS) return cached.source;
    const source = (await this.sources.get(sourceId))?.record;
    this.cache.set(sourceId, { at: Date.now(), source });
    return source;
  }
}
