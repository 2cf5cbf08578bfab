import { type DynamicModule, Module } from '@nestjs/common';
import type { Infrastructure } from '@tributary/adapters';
import { MetadataModule, MetadataTables } from '@tributary/metadata';
import {
  InfrastructureModule,
  type Logger,
  type Metrics,
  PlatformModule,
} from '@tributary/platform';
import { PROMOTER_CONFIG, type PromoterConfig } from './promoter.config';

export interface PromoterModuleDeps {
  readonly config: PromoterConfig;
  readonly infra: Infrastructure;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

@Module({})
export class PromoterModule {
  static register(deps: PromoterModuleDeps): DynamicModule {
    return {
      module: PromoterModule,
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
      providers: [{ provide: PROMOTER_CONFIG, useValue: deps.config }],
    };
  }
}
