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
import { loadProfilerConfig } from './profiler.config';
import { ProfilerModule } from './profiler.module';

const SERVICE = 'profiler';

runMain(SERVICE, async () => {
  const config = loadProfilerConfig();
  const logger = createLogger(SERVICE, config.service.LOG_LEVEL);
  const metrics = new Metrics(SERVICE);
  const infra = createInfrastructure(config.infra, { clientId: SERVICE, logger, metrics });
  await infra.initialise(new MetadataTables(config.infra.tablePrefix).all());
  await infra.eventBus.prepare([
    TOPIC.fileLanded,
    TOPIC.schemaProfiled,
    TOPIC.driftDetected,
    TOPIC.deadLetter,
  ]);
  const service = await bootstrapService({
    service: SERVICE,
    rootModule: ProfilerModule.register({ config, infra, logger, metrics }),
    logger,
    http: { host: config.service.HTTP_HOST, port: config.port },
    events: { bus: infra.eventBus, groupId: config.groupId },
    configureApp: (app) => registerFastifyProblemHandler(app.getHttpAdapter().getInstance()),
  });
  return {
    close: async () => {
      await service.close();
      await infra.close();
    },
  };
});
