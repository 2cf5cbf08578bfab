import { type DynamicModule, Module } from '@nestjs/common';
import type { Infrastructure } from '@tributary/adapters';
import { MetadataModule, MetadataTables } from '@tributary/metadata';
import {
  InfrastructureModule,
  type Logger,
  type Metrics,
  PlatformModule,
} from '@tributary/platform';
import { FileLandedConsumer } from './profile-file/file-landed.consumer';
import { ProfileFileUseCase } from './profile-file/profile-file.usecase';
import { ProfilerMetrics } from './profile-file/profiler.metrics';
import { RecordSchemaVersion } from './profile-file/record-schema-version';
import { PROFILER_CONFIG, type ProfilerConfig } from './profiler.config';

export interface ProfilerModuleDeps {
  readonly config: ProfilerConfig;
  readonly infra: Infrastructure;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

@Module({})
export class ProfilerModule {
  static register(deps: ProfilerModuleDeps): DynamicModule {
    return {
      module: ProfilerModule,
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
      controllers: [FileLandedConsumer],
      providers: [
        { provide: PROFILER_CONFIG, useValue: deps.config },
        ProfileFileUseCase,
        RecordSchemaVersion,
        ProfilerMetrics,
      ],
    };
  }
}
