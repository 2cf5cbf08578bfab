import {
  type ServiceStartOptions,
  type StartedService,
  startServiceFrom,
} from '@tributary/adapters';
import { TOPIC } from '@tributary/contracts';
import { MetadataTables } from '@tributary/metadata';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { registerOpenApi } from './openapi/openapi';
import { registerRefusedBodyHook } from './uploads/refused-body.hook';
import { registerRequestBodyParser } from './uploads/request-body.parser';

export const SERVICE = 'ingest-gateway';

export function startGateway(options: ServiceStartOptions): Promise<StartedService> {
  return startServiceFrom(
    {
      name: SERVICE,
      loadConfig: loadGatewayConfig,
      tables: (config) => new MetadataTables(config.infra.tablePrefix).all(),
      topics: [TOPIC.fileLanded],
      rootModule: (deps) => GatewayModule.register(deps),
      http: (config) => ({ requestTimeoutMs: config.uploadTimeoutMs, bodyParser: false }),
      configureApp: (app) => {
        const fastify = app.getHttpAdapter().getInstance();
        registerRequestBodyParser(fastify);
        registerRefusedBodyHook(fastify);
        registerOpenApi(app);
      },
    },
    options,
  );
}
