import {
  type ServiceStartOptions,
  type StartedService,
  startServiceFrom,
} from '@tributary/adapters';
import { TOPIC } from '@tributary/contracts';
import { MetadataTables } from '@tributary/metadata';
import { loadPromoterConfig } from './promoter.config';
import { PromoterModule } from './promoter.module';

export const SERVICE = 'promoter';

export function startPromoter(options: ServiceStartOptions): Promise<StartedService> {
  return startServiceFrom(
    {
      name: SERVICE,
      loadConfig: loadPromoterConfig,
      tables: (config) => new MetadataTables(config.infra.tablePrefix).all(),
      topics: [TOPIC.fileLanded, TOPIC.runCompleted, TOPIC.runFailed, TOPIC.promotionBlocked],
      rootModule: (deps) => PromoterModule.register(deps),
    },
    options,
  );
}
