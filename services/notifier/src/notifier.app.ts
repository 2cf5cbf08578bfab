import {
  createInfrastructure,
  type ServiceStartOptions,
  type StartedService,
} from '@tributary/adapters';
import { MetadataTables } from '@tributary/metadata';
import {
  bootstrapService,
  createLogger,
  Metrics,
  registerFastifyProblemHandler,
} from '@tributary/platform';
import { ALERT_TOPICS } from './alerts/alert-events';
import { loadNotifierConfig } from './notifier.config';
import { NotifierModule } from './notifier.module';

export const SERVICE = 'notifier';

export async function startNotifier(options: ServiceStartOptions): Promise<StartedService> {
  const config = loadNotifierConfig(options.env);
  const logger = createLogger(SERVICE, config.service.LOG_LEVEL);
  const metrics = new Metrics(SERVICE);
  if (!config.signingSecret) {
    logger.warn('WEBHOOK_SIGNING_SECRET is not set: webhook deliveries go out unsigned');
  }
  if (config.allowlist.length === 0) {
    logger.warn('WEBHOOK_ALLOWLIST is empty: every webhook target will be refused');
  }
  const infra = createInfrastructure(
    config.infra,
    { clientId: SERVICE, logger, metrics },
    options.shared,
  );
  await infra.initialise(new MetadataTables(config.infra.tablePrefix).all());
  await infra.eventBus.prepare(ALERT_TOPICS);
  const service = await bootstrapService({
    service: SERVICE,
    rootModule: NotifierModule.register({ config, infra, logger, metrics }),
    logger,
    http: { host: config.service.HTTP_HOST, port: config.port },
    // Deployments sharing a cluster must not share a consumer group (one rebalances the other).
    events: {
      bus: infra.eventBus,
      groupId: SERVICE,
    },
    configureApp: (app) => registerFastifyProblemHandler(app.getHttpAdapter().getInstance()),
  });
  return {
    url: service.url,
    close: async () => {
      await service.close();
      await infra.close();
    },
  };
}
