import {
  type ServiceStartOptions,
  type StartedService,
  startServiceFrom,
} from '@tributary/adapters';
import { TOPIC } from '@tributary/contracts';
import { MetadataTables } from '@tributary/metadata';
import { loadProfilerConfig } from './profiler.config';
import { ProfilerModule } from './profiler.module';

export const SERVICE = 'profiler';

export function startProfiler(options: ServiceStartOptions): Promise<StartedService> {
  return startServiceFrom(
    {
      name: SERVICE,
      loadConfig: loadProfilerConfig,
      tables: (config) => new MetadataTables(config.infra.tablePrefix).all(),
      topics: [TOPIC.fileLanded, TOPIC.schemaProfiled, TOPIC.driftDetected, TOPIC.deadLetter],
      rootModule: (deps) => ProfilerModule.register(deps),
      consumerGroup: (config) => config.groupId,
    },
    options,
  );
}
