import {
  createInfrastructure,
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
import { loadProfilerConfig } from './profiler.config';
import { ProfilerModule } from './profiler.module';

export const SERVICE = 'profiler';

export async function startProfiler(options: ServiceStartOptions): Promise<StartedService> {
  const config = loadProfilerConfig(options.env);
  const logger = createLogger(SERVICE, config.service.LOG_LEVEL);
  const metrics = new Metrics(SERVICE);
  const infra = createInfrastructure(
    config.infra,
    { clientId: SERVICE, logger, metrics },
    options.shared,
  );
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
    url: service.url,
    close: async () => {
      await service.close();
      await infra.close();
    },
  };
}
