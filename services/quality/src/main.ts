import 'reflect-metadata';
import { createInfrastructure } from '@tributary/adapters';
import { TOPIC } from '@tributary/contracts';
import { MetadataTables } from '@tributary/metadata';
import {
  bootstrapService,
  createLogger,
  Metrics,
  registerFastifyProblemHandler,
  runMain,
} from '@tributary/platform';
import { loadQualityConfig } from './quality.config';
import { QualityModule } from './quality.module';

const SERVICE = 'quality';

runMain(SERVICE, async () => {
  const config = loadQualityConfig();
  const logger = createLogger(SERVICE, config.service.LOG_LEVEL);
  const metrics = new Metrics(SERVICE);
  const infra = createInfrastructure(config.infra, { clientId: SERVICE, logger, metrics });
  await infra.initialise(new MetadataTables(config.infra.tablePrefix).all());
  await infra.eventBus.prepare([TOPIC.runCompleted, TOPIC.runPromoted, TOPIC.runRejected]);
  const service = await bootstrapService({
    service: SERVICE,
    rootModule: QualityModule.register({ config, infra, logger, metrics }),
    logger,
    http: { host: config.service.HTTP_HOST, port: config.port },
    events: { bus: infra.eventBus, groupId: 'quality' },
    configureApp: (app) => registerFastifyProblemHandler(app.getHttpAdapter().getInstance()),
  });
  return {
    close: async () => {
      await service.close();
      await infra.close();
    },
  };
});
