import { type DynamicModule, Module } from '@nestjs/common';
import { type Infrastructure } from '@tributary/adapters';
import { MetadataModule, MetadataTables } from '@tributary/metadata';
import {
  InfrastructureModule,
  type Logger,
  type Metrics,
  PlatformModule,
} from '@tributary/platform';
import { SQL_ENGINE_FACTORY, type SqlEngineFactory } from '@tributary/ports';
import { PROMOTER_CONFIG, type PromoterConfig } from './promoter.config';
import { BatchProcessor } from './runs/batch/batch-processor';
import { ExecuteRunUseCase } from './runs/execute-run.usecase';
import { FinalizeRun } from './runs/finalize-run';
import { MergeByKey } from './runs/merge/merge-by-key';
import { PlanRun } from './runs/plan-run';
import { PublishedPointerReader } from './runs/published-pointer.reader';
import { RebuildScopeLoader } from './runs/rebuild/rebuild-scope.loader';
import { RetryFileReader } from './runs/rebuild/retry-file.reader';
import { PromoterMetrics } from './runs/promoter.metrics';
import { RunStopSignal } from './runs/run-stop.signal';
import { PromotionScheduler } from './scheduler/promotion.scheduler';
import {
  FileLineageSink,
  HttpLineageSink,
  LINEAGE_SINK,
  NoLineageSink,
} from './lineage/lineage-sink';
import { LineageReporter } from './lineage/lineage.reporter';

export interface PromoterModuleDeps {
  readonly config: PromoterConfig;
  readonly infra: Infrastructure;
  readonly sqlEngines: SqlEngineFactory;
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
      providers: [
        { provide: PROMOTER_CONFIG, useValue: deps.config },
        { provide: SQL_ENGINE_FACTORY, useValue: deps.sqlEngines },
        PlanRun,
        PublishedPointerReader,
        RebuildScopeLoader,
        RetryFileReader,
        BatchProcessor,
        MergeByKey,
        FinalizeRun,
        ExecuteRunUseCase,
        PromoterMetrics,
        RunStopSignal,
        PromotionScheduler,
        LineageReporter,
        {
          provide: LINEAGE_SINK,
          useValue: deps.config.lineage.url
            ? new HttpLineageSink(deps.config.lineage.url)
            : deps.config.lineage.file
              ? new FileLineageSink(deps.config.lineage.file)
              : new NoLineageSink(),
        },
      ],
    };
  }
}
