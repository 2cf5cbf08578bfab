import { Inject, Injectable } from '@nestjs/common';
import type { SourceRecord } from '@tributary/contracts';
import { SchemaVersionRepository, SourceRepository } from '@tributary/metadata';
import { problem } from '@tributary/platform';
import { CLOCK, type Clock, PreconditionFailedError } from '@tributary/ports';
import { generateApiKey } from '../auth/api-key';
import { SourceAuthenticator } from '../auth/source-authenticator';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import type { CreateSourceBody, UpdateSourceBody } from './source.schemas';
import { partitionFieldIssue, settingEffects } from './setting-effects';
import { type SourceView, toSourceView } from './source.view';

/** A source with what is wrong with its settings now (e.g. a partition field that is no date). */
export type SourceStatusView = SourceView & { readonly warnings: readonly string[] };

const DEFAULT_QUARANTINE_THRESHOLD = 0.05;

/** Create, read and update sources; the API key is returned once and only its hash is kept. */
@Injectable()
export class ManageSourcesUseCase {
  constructor(
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(SchemaVersionRepository) private readonly versions: SchemaVersionRepository,
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

  async get(sourceId: string): Promise<SourceStatusView> {
    return this.withWarnings(await this.load(sourceId));
  }

  async list(): Promise<SourceStatusView[]> {
    return Promise.all((await this.sources.list()).map((s) => this.withWarnings(s.record)));
  }

  /** Updates settings; answers the source and when each change takes effect (`effects`). */
  async update(
    sourceId: string,
    body: UpdateSourceBody,
  ): Promise<SourceView & { readonly effects: readonly string[] }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.sources.get(sourceId);
      if (!current) throw problem.notFound('source-not-found', `no source ${sourceId}`);
      const next: SourceRecord = {
        ...current.record,
        ...body,
        updatedAt: this.clock.now().toISOString(),
      };
      assertMergeHasKey(next);
      const active = (await this.versions.getActive(sourceId))?.record.fields;
      const issue = partitionFieldIssue(next, active);
      if (issue && (body.partitionField !== undefined || body.hints !== undefined))
        throw problem.unprocessable(
          'partition-field-not-a-date',
          `partitionField ${next.partitionField} cannot pick the date= partition: ${issue}`,
        );
      try {
        await this.sources.update(next, current.revision);
        this.auth.invalidate(sourceId);
        return { ...toSourceView(next), effects: settingEffects(current.record, next, active) };
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

  private async withWarnings(source: SourceRecord): Promise<SourceStatusView> {
    const active = (await this.versions.getActive(source.sourceId))?.record.fields;
    const issue = partitionFieldIssue(source, active);
    return {
      ...toSourceView(source),
      warnings: issue ? [`partition field: ${issue}; rows go under their landing date`] : [],
    };
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
