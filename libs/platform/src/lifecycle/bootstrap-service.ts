import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { StartPosition } from '@tributary/ports';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus';
import { EventBusTransport } from '../events/event-bus.transport';
import { PassThroughRpcFilter } from '../events/pass-through-rpc.filter';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { NestPinoLogger } from '../logging/nest-logger';

export interface ServiceSpec {
  readonly service: string;
  readonly rootModule: DynamicModule;
  readonly logger: Logger;
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** Largest JSON body the HTTP side parses (streamed uploads bypass it). */
    readonly bodyLimitBytes?: number;
    readonly requestTimeoutMs?: number;
    /** false when the service registers its own content-type parsers (streamed uploads). */
    readonly bodyParser?: boolean;
  };
  /** Consumes the topics of the module's `@EventPattern` handlers as this consumer group. */
  readonly events?: {
    readonly bus: EventBus;
    readonly groupId: string;
    readonly start?: StartPosition;
  };
  readonly configureApp?: (app: NestFastifyApplication) => void | Promise<void>;
}

export interface RunningService {
  readonly app: NestFastifyApplication;
  readonly url: string;
  close(): Promise<void>;
}

/** Creates the NestJS app on Fastify, connects the event consumer, and starts listening. */
export async function bootstrapService(spec: ServiceSpec): Promise<RunningService> {
  const adapter = new FastifyAdapter({
    bodyLimit: spec.http.bodyLimitBytes ?? 1024 * 1024,
    requestTimeout: spec.http.requestTimeoutMs ?? 0,
    logger: false,
    trustProxy: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(spec.rootModule, adapter, {
    logger: new NestPinoLogger(spec.logger),
    bufferLogs: false,
    bodyParser: spec.http.bodyParser ?? true,
  });
  app.useGlobalFilters(new ProblemDetailsFilter(spec.logger));
  await spec.configureApp?.(app);
  try {
    if (spec.events) {
      const microservice = app.connectMicroservice(
        {
          strategy: new EventBusTransport(spec.events.bus, {
            groupId: spec.events.groupId,
            start: spec.events.start,
          }),
        },
        { inheritAppConfig: false, deferInitialization: true },
      );
      // Registered before the microservice initialises, or Nest ignores it.
      microservice.useGlobalFilters(new PassThroughRpcFilter());
      await app.startAllMicroservices();
    }
    await app.listen({ port: spec.http.port, host: spec.http.host });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : spec.http.port;
  const url = `http://${spec.http.host}:${port}`;
  spec.logger.info({ url }, `${spec.service} listening`);
  return { app, url, close: () => closeGracefully(app) };
}

/**
 * Fastify closes only the connections idle when closing starts; a keep-alive connection whose
 * request finishes later would hold the close for the keep-alive timeout. In-flight requests
 * finish; each connection is closed as soon as it turns idle.
 */
async function closeGracefully(app: NestFastifyApplication): Promise<void> {
  const server = app.getHttpServer() as { closeIdleConnections?: () => void };
  const sweep = setInterval(() => server.closeIdleConnections?.(), 100);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
  }
}
