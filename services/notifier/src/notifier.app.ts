import {
  type ServiceStartOptions,
  type StartedService,
  startServiceFrom,
} from '@tributary/adapters';
import { MetadataTables } from '@tributary/metadata';
import { ALERT_TOPICS } from './alerts/alert-events';
import { loadNotifierConfig } from './notifier.config';
import { NotifierModule } from './notifier.module';

export const SERVICE = 'notifier';

export function startNotifier(options: ServiceStartOptions): Promise<StartedService> {
  return startServiceFrom(
    {
      name: SERVICE,
      loadConfig: loadNotifierConfig,
      tables: (config) => new MetadataTables(config.infra.tablePrefix).all(),
      topics: ALERT_TOPICS,
      rootModule: (deps) => NotifierModule.register(deps),
      consumerGroup: () => SERVICE,
      onStart: (config, logger) => {
        if (!config.signingSecret)
          logger.warn('WEBHOOK_SIGNING_SECRET is not set: webhook deliveries go out unsigned');
        if (config.allowlist.length === 0)
          logger.warn('WEBHOOK_ALLOWLIST is empty: every webhook target will be refused');
      },
    },
    options,
  );
}
