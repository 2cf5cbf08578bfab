import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TopicBaseName } from '@tributary/contracts';
import {
  bootstrapService,
  createLogger,
  type InfraConfig,
  type Logger,
  Metrics,
  type ServiceEnv,
  type ServiceSpec,
} from '@tributary/platform';
import type { SqlEngineFactory, TableDefinition } from '@tributary/ports';
import { duckDbEngineFactory } from './duckdb/duckdb-engine';
import {
  createInfrastructure,
  type Infrastructure,
  type ServiceStartOptions,
  type StartedService,
} from './infrastructure';

/** What every service configuration holds: where its infrastructure is, and its HTTP side. */
export interface ServiceConfigShape {
  readonly infra: InfraConfig;
  readonly service: ServiceEnv;
  readonly port: number;
}

export interface ServiceDeps<C extends ServiceConfigShape> {
  readonly config: C;
  readonly infra: Infrastructure;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly sqlEngines: SqlEngineFactory;
}

/** How one service differs from the others; everything else about starting it is shared. */
export interface ServiceDefinition<C extends ServiceConfigShape> {
  readonly name: string;
  loadConfig(env: Record<string, string | undefined>): C;
  /** The metadata tables (created when missing). */
  tables(config: C): readonly TableDefinition[];
  /** Topics the service publishes or consumes (created, schemas registered, at start). */
  readonly topics: readonly TopicBaseName[];
  rootModule(deps: ServiceDeps<C>): DynamicModule;
  /** Set when the module has `@EventPattern` consumers. */
  consumerGroup?(config: C): string;
  http?(config: C): Partial<ServiceSpec['http']>;
  configureApp?(app: NestFastifyApplication, config: C): void;
  onStart?(config: C, logger: Logger): void;
}

/**
 * Starts a service: configuration (exits 78 on a bad variable, via runMain), logger, metrics,
 * infrastructure (real, embedded, or shared in one process), tables and topics, then the NestJS
 * app with `/health`, `/metrics` and its consumers.
 */
export async function startServiceFrom<C extends ServiceConfigShape>(
  definition: ServiceDefinition<C>,
  options: ServiceStartOptions,
): Promise<StartedService> {
  const config = definition.loadConfig(options.env);
  const logger = createLogger(definition.name, config.service.LOG_LEVEL);
  const metrics = new Metrics(definition.name);
  definition.onStart?.(config, logger);
  const infra = createInfrastructure(
    config.infra,
    { clientId: definition.name, logger, metrics },
    options.shared,
  );
  await infra.initialise(definition.tables(config));
  await infra.eventBus.prepare(definition.topics);
  const groupId = definition.consumerGroup?.(config);
  let service: Awaited<ReturnType<typeof bootstrapService>>;
  try {
    service = await bootstrapService({
      service: definition.name,
      rootModule: definition.rootModule({
        config,
        infra,
        logger,
        metrics,
        sqlEngines: duckDbEngineFactory,
      }),
      logger,
      http: { host: config.service.HTTP_HOST, port: config.port, ...definition.http?.(config) },
      ...(groupId ? { events: { bus: infra.eventBus, groupId } } : {}),
      configureApp: (app) => {
        definition.configureApp?.(app, config);
      },
    });
  } catch (error) {
    // A service that cannot listen must not leave its consumers running on shared ports.
    await infra.close().catch(() => undefined);
    throw error;
  }
  return {
    url: service.url,
    close: async () => {
      await service.close();
      await infra.close();
    },
  };
}
