import {
  createInfrastructure,
  type ServiceStartOptions,
  type StartedService,
  duckDbEngineFactory,
} from '@tributary/adapters';
import { TOPIC } from '@tributary/contracts';
import { MetadataTables } from '@tributary/metadata';
import {
  bootstrapService,
  createLogger,
  Metrics,
  registerFastifyProblemHandler,
} from '@tributary/platform';
import { loadPromoterConfig } from './promoter.config';
import { PromoterModule } from './promoter.module';

export const SERVICE = 'promoter';

export async function startPromoter(options: ServiceStartOptions): Promise<StartedService> {
  const config = loadPromoterConfig(options.env);
  const logger = createLogger(SERVICE, config.service.LOG_LEVEL);
  const metrics = new Metrics(SERVICE);
  const infra = createInfrastructure(
    config.infra,
    { clientId: SERVICE, logger, metrics },
    options.shared,
  );
  await infra.initialise(new MetadataTables(config.infra.tablePrefix).all());
  await infra.eventBus.prepare([
    TOPIC.schemaProfiled,
    TOPIC.runCompleted,
    TOPIC.runFailed,
    TOPIC.promotionBlocked,
  ]);
  const service = await bootstrapService({
    service: SERVICE,
    rootModule: PromoterModule.register({
      config,
      infra,
      sqlEngines: duckDbEngineFactory,
      logger,
      metrics,
    }),
    logger,
    http: { host: config.service.HTTP_HOST, port: config.port },
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
