import { type DynamicModule, Module } from '@nestjs/common';
import type { Infrastructure } from '@tributary/adapters';
import { MetadataModule, MetadataTables } from '@tributary/metadata';
import {
  InfrastructureModule,
  type Logger,
  type Metrics,
  PlatformModule,
} from '@tributary/platform';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier.config';

export interface NotifierModuleDeps {
  readonly config: NotifierConfig;
  readonly infra: Infrastructure;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

@Module({})
export class NotifierModule {
  static register(deps: NotifierModuleDeps): DynamicModule {
    return {
      module: NotifierModule,
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
      providers: [{ provide: NOTIFIER_CONFIG, useValue: deps.config }],
    };
  }
}
