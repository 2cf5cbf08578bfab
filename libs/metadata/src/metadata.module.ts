import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { KeyValueStore } from '@tributary/ports';
import { DeliveryLogRepository } from './delivery-log.repository';
import { FileLedgerRepository } from './file-ledger.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { LandingRepository } from './landing.repository';
import { PipelineStateRepository } from './pipeline-state.repository';
import { PipelineTransitions } from './pipeline-transitions';
import { RunRepository } from './run.repository';
import { MetadataTables } from './metadata-tables';
import { ProcessedEventRepository } from './processed-event.repository';
import { SchemaVersionRepository } from './schema-version.repository';
import { SourceRepository } from './source.repository';

const REPOSITORIES = [
  SourceRepository,
  SchemaVersionRepository,
  FileLedgerRepository,
  IdempotencyRepository,
  ProcessedEventRepository,
  LandingRepository,
  RunRepository,
  PipelineStateRepository,
  PipelineTransitions,
  DeliveryLogRepository,
] as const;

/** Every metadata repository, built once over the given store and table prefix. */
@Global()
@Module({})
export class MetadataModule {
  static forRoot(store: KeyValueStore, tables: MetadataTables): DynamicModule {
    const providers = [
      { provide: MetadataTables, useValue: tables },
      ...REPOSITORIES.map((Repository) => ({
        provide: Repository,
        useValue: new Repository(store, tables),
      })),
    ];
    return { module: MetadataModule, providers, exports: providers.map((p) => p.provide) };
  }
}
