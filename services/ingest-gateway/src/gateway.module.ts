import { type DynamicModule, Module } from '@nestjs/common';
import { MetadataModule, MetadataTables } from '@tributary/metadata';
import {
  InfrastructureModule,
  type Logger,
  type Metrics,
  PlatformModule,
} from '@tributary/platform';
import type { Infrastructure } from '@tributary/adapters';
import { AdminGuard } from './auth/admin.guard';
import { SourceAuthenticator } from './auth/source-authenticator';
import { ManageSourcesUseCase } from './admin/manage-sources.usecase';
import { SourcesController } from './admin/sources.controller';
import { FilesAdminController } from './admin/files-admin.controller';
import { ResolveBreakingUseCase } from './admin/resolve-breaking.usecase';
import { SchemasController } from './admin/schemas.controller';
import { FileStatusReader } from './uploads/file-status.reader';
import { ManageRunsUseCase } from './runs/manage-runs.usecase';
import { ReplayUseCase } from './runs/replay.usecase';
import { RunsController } from './runs/runs.controller';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config';
import { LandedFileSweeper } from './sweeper/landed-file.sweeper';
import { IngestMetrics } from './uploads/ingest.metrics';
import { LandFileUseCase } from './uploads/land-file.usecase';
import { UploadController } from './uploads/upload.controller';

export interface GatewayModuleDeps {
  readonly config: GatewayConfig;
  readonly infra: Infrastructure;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

@Module({})
export class GatewayModule {
  static register(deps: GatewayModuleDeps): DynamicModule {
    return {
      module: GatewayModule,
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
      controllers: [
        UploadController,
        SourcesController,
        SchemasController,
        FilesAdminController,
        RunsController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: deps.config },
        AdminGuard,
        SourceAuthenticator,
        IngestMetrics,
        LandFileUseCase,
        ManageSourcesUseCase,
        LandedFileSweeper,
        ResolveBreakingUseCase,
        FileStatusReader,
        ManageRunsUseCase,
        ReplayUseCase,
      ],
    };
  }
}
