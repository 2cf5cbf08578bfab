import { type DynamicModule, Module } from '@nestjs/common';
import type { Infrastructure } from '@tributary/adapters';
import { MetadataModule, MetadataTables } from '@tributary/metadata';
import {
  InfrastructureModule,
  type Logger,
  type Metrics,
  PlatformModule,
} from '@tributary/platform';
import { SQL_ENGINE_FACTORY, type SqlEngineFactory } from '@tributary/ports';
import { AdminGuard } from './admin/admin.guard';
import { GateController } from './gate/gate.controller';
import { GateRunUseCase } from './gate/gate-run.usecase';
import { QualityMetrics } from './gate/quality.metrics';
import { RecordDecision } from './gate/record-decision';
import { RunCompletedConsumer } from './gate/run-completed.consumer';
import { RunInspector } from './gate/run-inspector';
import { RunSummaryReader } from './gate/run-summary.reader';
import { FreshnessTracker } from './pointer/freshness.tracker';
import { PointerController } from './pointer/pointer.controller';
import { PointerStore } from './pointer/pointer.store';
import { RollbackUseCase } from './pointer/rollback.usecase';
import { QUALITY_CONFIG, type QualityConfig } from './quality.config';
import { QuarantineController } from './quarantine/quarantine.controller';
import { QuarantineRowsReader } from './quarantine/quarantine-rows.reader';
import { ResubmitRowsUseCase } from './quarantine/resubmit-rows.usecase';
import { RetentionController } from './retention/retention.controller';
import { RetentionUseCase } from './retention/retention.usecase';

export interface QualityModuleDeps {
  readonly config: QualityConfig;
  readonly infra: Infrastructure;
  readonly sqlEngines: SqlEngineFactory;
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
      controllers: [
        RunCompletedConsumer,
        GateController,
        PointerController,
        QuarantineController,
        RetentionController,
      ],
      providers: [
        { provide: QUALITY_CONFIG, useValue: deps.config },
        { provide: SQL_ENGINE_FACTORY, useValue: deps.sqlEngines },
        AdminGuard,
        QualityMetrics,
        PointerStore,
        FreshnessTracker,
        RunSummaryReader,
        RunInspector,
        RecordDecision,
        GateRunUseCase,
        RollbackUseCase,
        QuarantineRowsReader,
        ResubmitRowsUseCase,
        RetentionUseCase,
      ],
    };
  }
}
