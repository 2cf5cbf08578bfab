import { Inject, Injectable } from '@nestjs/common';
import type { SourceRecord } from '@tributary/contracts';
import { SourceRepository } from '@tributary/metadata';
import { problem } from '@tributary/platform';
import { CLOCK, type Clock, PreconditionFailedError } from '@tributary/ports';
import { generateApiKey } from '../auth/api-key';
import { SourceAuthenticator } from '../auth/source-authenticator';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import type { CreateSourceBody, UpdateSourceBody } from './source.schemas';
import { type SourceView, toSourceView } from './source.view';

const DEFAULT_QUARANTINE_THRESHOLD = 0.05;

/** Create, read and update sources; the API key is returned once and only its hash is kept. */
@Injectable()
export class ManageSourcesUseCase {
  constructor(
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(SourceAuthenticator) private readonly auth: SourceAuthenticator,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async create(body: CreateSourceBody): Promise<{ source: SourceView; apiKey: string }> {
    const now = this.clock.now().toISOString();
    const key = generateApiKey(body.sourceId);
    const record: SourceRecord = {
      sourceId: body.sourceId,
      description: body.description ?? '',
      apiKeyHash: key.hash,
      apiKeyPrefix: key.prefix,
      policy: body.policy ?? 'evolve',
      hints: body.hints ?? {},
      writeMode: body.writeMode ?? 'append',
      primaryKey: body.primaryKey ?? [],
      partitionField: body.partitionField ?? null,
      quarantineThreshold: body.quarantineThreshold ?? DEFAULT_QUARANTINE_THRESHOLD,
      columnChecks: body.columnChecks ?? [],
      scheduleSeconds: body.scheduleSeconds ?? null,
      channels: body.channels ?? [],
      rateLimitPerMinute: body.rateLimitPerMinute ?? this.config.defaultRateLimitPerMinute,
      createdAt: now,
      updatedAt: now,
    };
    assertMergeHasKey(record);
    try {
      await this.sources.create(record);
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        throw problem.conflict('source-exists', `source ${body.sourceId} already exists`);
      }
      throw error;
    }
    this.auth.invalidate(record.sourceId);
    return { source: toSourceView(record), apiKey: key.apiKey };
  }

  async get(sourceId: string): Promise<SourceView> {
    return toSourceView(await this.load(sourceId));
  }

  async list(): Promise<SourceView[]> {
    return (await this.sources.list()).map((s) => toSourceView(s.record));
  }

  async update(sourceId: string, body: UpdateSourceBody): Promise<SourceView> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.sources.get(sourceId);
      if (!current) throw problem.notFound('source-not-found', `no source ${sourceId}`);
      const next: SourceRecord = {
        ...current.record,
        ...body,
        updatedAt: this.clock.now().toISOString(),
      };
      assertMergeHasKey(next);
      try {
        await this.sources.update(next, current.revision);
        this.auth.invalidate(sourceId);
        return toSourceView(next);
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
      }
    }
    throw problem.conflict(
      'concurrent-update',
      `source ${sourceId} is being changed concurrently; retry`,
    );
  }

  async rotateKey(sourceId: string): Promise<{ source: SourceView; apiKey: string }> {
    const current = await this.sources.get(sourceId);
    if (!current) throw problem.notFound('source-not-found', `no source ${sourceId}`);
    const key = generateApiKey(sourceId);
    const next: SourceRecord = {
      ...current.record,
      apiKeyHash: key.hash,
      apiKeyPrefix: key.prefix,
      updatedAt: this.clock.now().toISOString(),
    };
    try {
      await this.sources.update(next, current.revision);
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        throw problem.conflict(
          'concurrent-update',
          `source ${sourceId} changed concurrently; retry`,
        );
      }
      throw error;
    }
    this.auth.invalidate(sourceId);
    return { source: toSourceView(next), apiKey: key.apiKey };
  }

  private async load(sourceId: string): Promise<SourceRecord> {
    const current = await this.sources.get(sourceId);
    if (!current) throw problem.notFound('source-not-found', `no source ${sourceId}`);
    return current.record;
  }
}

function assertMergeHasKey(source: SourceRecord): void {
  if (source.writeMode === 'merge' && source.primaryKey.length === 0) {
    throw problem.badRequest('merge-needs-primary-key', 'writeMode merge needs a primaryKey');
  }
}
