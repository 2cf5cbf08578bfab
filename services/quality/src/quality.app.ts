import {
  createInfrastructure,
  duckDbEngineFactory,
  type ServiceStartOptions,
  type StartedService,
} from '@tributary/adapters';
import { TOPIC } from '@tributary/contracts';
import { MetadataTables } from '@tributary/metadata';
import {
  bootstrapService,
  createLogger,
  Metrics,
  registerFastifyProblemHandler,
} from '@tributary/platform';
import { loadQualityConfig } from './quality.config';
import { QualityModule } from './quality.module';

export const SERVICE = 'quality';

export async function startQuality(options: ServiceStartOptions): Promise<StartedService> {
  const config = loadQualityConfig(options.env);
  const logger = createLogger(SERVICE, config.service.LOG_LEVEL);
  const metrics = new Metrics(SERVICE);
  const infra = createInfrastructure(
    config.infra,
    { clientId: SERVICE, logger, metrics },
    options.shared,
  );
  await infra.initialise(new MetadataTables(config.infra.tablePrefix).all());
  await infra.eventBus.prepare([TOPIC.runCompleted, TOPIC.runPromoted, TOPIC.runRejected]);
  const service = await bootstrapService({
    service: SERVICE,
    rootModule: QualityModule.register({
      config,
      infra,
      sqlEngines: duckDbEngineFactory,
      logger,
      metrics,
    }),
    logger,
    http: {
      host: config.service.HTTP_HOST,
      port: config.port,
      bodyLimitBytes: config.maxBodyBytes,
    },
    events: { bus: infra.eventBus, groupId: config.groupId },
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
