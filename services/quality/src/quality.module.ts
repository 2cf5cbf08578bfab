import { type DynamicModule, Module } from '@nestjs/common';
import type { Infrastructure } from '@tributary/adapters';
import { MetadataModule, MetadataTables } from '@tributary/metadata';
import {
  InfrastructureModule,
  type Logger,
  type Metrics,
  PlatformModule,
} from '@tributary/platform';
import { QUALITY_CONFIG, type QualityConfig } from './quality.config';

export interface QualityModuleDeps {
  readonly config: QualityConfig;
  readonly infra: Infrastructure;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

@Module({})
export class QualityModule {
  static register(deps: QualityModuleDeps): DynamicModule {
    return {
      module: QualityModule,
      imports: [
        PlatformModule.forService({
          logger: deps.logger,
          metrics: deps.metrics,
          readiness: deps.infra.readiness,
        }),
        InfrastructureModule.forRoot(deps.infra),
        MetadataModule.forRoot(
          deps.infra.keyValueStore,
          new MetadataTables(deps.config.infra.tablePrefix),
        ),
      ],
      controllers: [],
      providers: [{ provide: QUALITY_CONFIG, useValue: deps.config }],
    };
  }
}
