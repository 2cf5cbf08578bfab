import 'reflect-metadata';
import { createInfrastructure, duckDbEngineFactory } from '@tributary/adapters';
import { TOPIC } from '@tributary/contracts';
import { MetadataTables } from '@tributary/metadata';
import {
  bootstrapService,
  createLogger,
  Metrics,
  registerFastifyProblemHandler,
  runMain,
} from '@tributary/platform';
import { loadPromoterConfig } from './promoter.config';
import { PromoterModule } from './promoter.module';

const SERVICE = 'promoter';

runMain(SERVICE, async () => {
  const config = loadPromoterConfig();
  const logger = createLogger(SERVICE, config.service.LOG_LEVEL);
  const metrics = new Metrics(SERVICE);
  const infra = createInfrastructure(config.infra, { clientId: SERVICE, logger, metrics });
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
    close: async () => {
      await service.close();
      await infra.close();
    },
  };
});
