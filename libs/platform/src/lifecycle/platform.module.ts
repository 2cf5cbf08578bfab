import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { HealthController } from '../health/health.controller';
import type { ReadinessCheck } from '../health/readiness';
import { MetricsController } from '../http/metrics.controller';
import type { Metrics } from '../metrics/metrics';
import { LOGGER, METRICS, READINESS_CHECKS } from './tokens';

export interface PlatformModuleOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly readiness: readonly ReadinessCheck[];
}

/** Logger, metrics, `/health/*` and `/metrics` for one service. */
@Global()
@Module({})
export class PlatformModule {
  static forService(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: METRICS, useValue: options.metrics },
        { provide: READINESS_CHECKS, useValue: options.readiness },
      ],
      exports: [LOGGER, METRICS, READINESS_CHECKS],
    };
  }
}
