import { ConfigError } from '../../libs/platform/src/config/config-error';
import { loadGatewayConfig } from '../../services/ingest-gateway/src/gateway.config';
import { loadNotifierConfig } from '../../services/notifier/src/notifier.config';
import { loadProfilerConfig } from '../../services/profiler/src/profiler.config';
import { loadPromoterConfig } from '../../services/promoter/src/promoter.config';
import { loadQualityConfig } from '../../services/quality/src/quality.config';

type Env = Record<string, string | undefined>;

/** Each service's own config loader: what it validates at boot decides what the chart must set. */
export const SERVICE_CONFIGS = {
  'ingest-gateway': loadGatewayConfig,
  profiler: loadProfilerConfig,
  promoter: loadPromoterConfig,
  quality: loadQualityConfig,
  notifier: loadNotifierConfig,
} satisfies Record<string, (env: Env) => { port: number }>;

export type ServiceName = keyof typeof SERVICE_CONFIGS;
export const SERVICE_NAMES = Object.keys(SERVICE_CONFIGS) as ServiceName[];

/** The variables a service refuses to start without (distributed mode, nothing else set). */
export function requiredVariables(service: ServiceName): string[] {
  try {
    SERVICE_CONFIGS[service]({ TRIBUTARY_MODE: 'distributed' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...new Set(error.problems.map((p) => p.variable))];
  }
  return [];
}
