import { type DynamicModule, Module } from '@nestjs/common';
import type { Infrastructure } from '@tributary/adapters';
import { MetadataModule, MetadataTables } from '@tributary/metadata';
import {
  InfrastructureModule,
  type Logger,
  type Metrics,
  PlatformModule,
} from '@tributary/platform';
import { AdminGuard } from './admin/admin.guard';
import { AlertsController } from './admin/alerts.controller';
import { AlertEventsController } from './alerts/alert-events.controller';
import { RecordDeliveriesUseCase } from './alerts/record-deliveries.usecase';
import { AttemptDeliveryUseCase } from './delivery/attempt-delivery.usecase';
import { ChannelDirectory } from './delivery/channel-directory';
import { DeliveryWorker } from './delivery/delivery-worker';
import { NotifierMetrics } from './delivery/notifier.metrics';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier.config';
import { Allowlist } from './webhook/allowlist';
import { TargetPolicy } from './webhook/target-policy';
import { WebhookClient } from './webhook/webhook-client';

export interface NotifierModuleDeps {
  readonly config: NotifierConfig;
  readonly infra: Infrastructure;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

@Module({})
export class NotifierModule {
  static register(deps: NotifierModuleDeps): DynamicModule {
    const policy = new TargetPolicy(
      Allowlist.parse(deps.config.allowlist),
      Allowlist.parse(deps.config.privateHosts),
    );
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
      controllers: [AlertEventsController, AlertsController],
      providers: [
        { provide: NOTIFIER_CONFIG, useValue: deps.config },
        { provide: TargetPolicy, useValue: policy },
        { provide: WebhookClient, useValue: new WebhookClient(policy) },
        AdminGuard,
        NotifierMetrics,
        ChannelDirectory,
        RecordDeliveriesUseCase,
        AttemptDeliveryUseCase,
        DeliveryWorker,
      ],
    };
  }
}
