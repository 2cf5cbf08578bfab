import {
  type ServiceStartOptions,
  type StartedService,
  startServiceFrom,
} from '@tributary/adapters';
import { TOPIC } from '@tributary/contracts';
import { MetadataTables } from '@tributary/metadata';
import { loadQualityConfig } from './quality.config';
import { QualityModule } from './quality.module';

export const SERVICE = 'quality';

export function startQuality(options: ServiceStartOptions): Promise<StartedService> {
  return startServiceFrom(
    {
      name: SERVICE,
      loadConfig: loadQualityConfig,
      tables: (config) => new MetadataTables(config.infra.tablePrefix).all(),
      topics: [TOPIC.runCompleted, TOPIC.runPromoted, TOPIC.runRejected],
      rootModule: (deps) => QualityModule.register(deps),
      consumerGroup: (config) => config.groupId,
      http: (config) => ({ bodyLimitBytes: config.maxBodyBytes }),
    },
    options,
  );
}
