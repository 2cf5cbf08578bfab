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
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { registerOpenApi } from './openapi/openapi';
import { registerRefusedBodyHook } from './uploads/refused-body.hook';
import { registerRequestBodyParser } from './uploads/request-body.parser';

export const SERVICE = 'ingest-gateway';

export async function startGateway(options: ServiceStartOptions): Promise<StartedService> {
  const config = loadGatewayConfig(options.env);
  const logger = createLogger(SERVICE, config.service.LOG_LEVEL);
  const metrics = new Metrics(SERVICE);
  const infra = createInfrastructure(
    config.infra,
    { clientId: SERVICE, logger, metrics },
    options.shared,
  );
  await infra.initialise(new MetadataTables(config.infra.tablePrefix).all());
  await infra.eventBus.prepare([TOPIC.fileLanded]);
  const service = await bootstrapService({
    service: SERVICE,
    rootModule: GatewayModule.register({ config, infra, logger, metrics }),
    logger,
    http: {
      host: config.service.HTTP_HOST,
      port: config.port,
      requestTimeoutMs: config.uploadTimeoutMs,
      bodyParser: false,
    },
    configureApp: (app) => {
      const fastify = app.getHttpAdapter().getInstance();
      registerRequestBodyParser(fastify);
      registerRefusedBodyHook(fastify);
      registerFastifyProblemHandler(fastify);
      registerOpenApi(app);
    },
  });
  return {
    url: service.url,
    close: async () => {
      await service.close();
      await infra.close();
    },
  };
}
