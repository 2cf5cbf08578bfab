import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import {
  openEmbeddedPorts,
  type ServiceStartOptions,
  type SharedPorts,
  type StartedService,
} from '@tributary/adapters';
import { startGateway } from '@tributary/ingest-gateway';
import { startNotifier } from '@tributary/notifier';
import { infraConfigSchema, parseEnv } from '@tributary/platform';
import { startProfiler } from '@tributary/profiler';
import { startPromoter } from '@tributary/promoter';
import { startQuality } from '@tributary/quality';
import { type Endpoints, writeEndpointsFile } from '../data-folder/endpoints-file';
import { keptSecret } from '../data-folder/kept-secret';
import { lockDataFolder } from '../data-folder/runner-lock';
import { assertEmbeddedSupported, type EmbeddedConfig } from '../embedded.config';
import { type DemoSource, ensureDemoSource } from './demo-source';
import { embeddedServiceEnv, type RunnerSecrets } from './service-env';

export type EmbeddedServiceName =
  'ingest-gateway' | 'profiler' | 'promoter' | 'quality' | 'notifier';

type Starter = (options: ServiceStartOptions) => Promise<StartedService>;

/**
 * Start order: the workers first, the gateway last, so the URL it prints means everything
 * behind it is ready. Stop order is the reverse: no new uploads, then the workers drain.
 */
const SERVICES: readonly (readonly [EmbeddedServiceName, Starter])[] = [
  ['profiler', startProfiler],
  ['promoter', startPromoter],
  ['quality', startQuality],
  ['notifier', startNotifier],
  ['ingest-gateway', startGateway],
];

/** A port another process (maybe another Tributary) already listens on. */
export class PortInUseError extends Error {
  constructor(
    readonly service: EmbeddedServiceName,
    readonly port: number,
  ) {
    super(`${service} cannot listen on port ${port}: it is in use`);
    this.name = 'PortInUseError';
  }
}

/** The five services running in this process over one data folder. */
export interface EmbeddedInstance {
  readonly dataDir: string;
  readonly endpoints: Endpoints;
  readonly endpointsFile: string;
  readonly adminToken: string;
  readonly demoSource: DemoSource;
  /** Stops every service (gateway first), closes the shared stores and frees the folder. */
  close(): Promise<void>;
}

function portOf(config: EmbeddedConfig, name: EmbeddedServiceName): number {
  return name === 'ingest-gateway' ? config.ports.gateway : config.ports[name];
}

async function closeAll(
  started: readonly (readonly [EmbeddedServiceName, StartedService])[],
  ports: SharedPorts,
  release: () => void,
): Promise<void> {
  const failures: string[] = [];
  for (const [name, service] of [...started].reverse()) {
    try {
      await service.close();
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  try {
    await ports.close();
  } catch (error) {
    failures.push(`stores: ${error instanceof Error ? error.message : String(error)}`);
  }
  release();
  if (failures.length > 0) throw new Error(`shutdown incomplete: ${failures.join('; ')}`);
}

/**
 * Embedded mode (SPEC §7): opens the embedded ports once and starts the five services over them
 * in this process, each with its own HTTP port, event bus and metrics, exactly as they run
 * separately. Data, credentials and the endpoints file live under `config.dataDir`.
 */
export async function startEmbedded(config: EmbeddedConfig): Promise<EmbeddedInstance> {
  assertEmbeddedSupported();
  mkdirSync(config.dataDir, { recursive: true });
  const release = lockDataFolder(config.dataDir);
  let secrets: RunnerSecrets;
  let env: Record<string, string | undefined>;
  let ports: SharedPorts;
  try {
    secrets = {
      adminToken: keptSecret(config.dataDir, 'admin-token'),
      webhookSigningSecret: keptSecret(config.dataDir, 'webhook-signing-secret', 32),
    };
    env = embeddedServiceEnv(config, secrets);
    ports = openEmbeddedPorts(parseEnv(infraConfigSchema, env));
  } catch (error) {
    release();
    throw error;
  }
  const started: [EmbeddedServiceName, StartedService][] = [];
  try {
    for (const [name, start] of SERVICES) {
      try {
        started.push([name, await start({ env, shared: ports })]);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
          throw new PortInUseError(name, portOf(config, name));
        throw error;
      }
    }
    const url = (name: EmbeddedServiceName) => started.find(([n]) => n === name)![1].url;
    const gatewayUrl = url('ingest-gateway');
    const demoSource = await ensureDemoSource(gatewayUrl, secrets.adminToken, config.dataDir);
    const endpoints: Endpoints = {
      dataDir: config.dataDir,
      pid: process.pid,
      gatewayUrl,
      profilerUrl: url('profiler'),
      promoterUrl: url('promoter'),
      qualityUrl: url('quality'),
      notifierUrl: url('notifier'),
      adminToken: secrets.adminToken,
      demoSourceId: demoSource.sourceId,
      demoSourceKey: demoSource.apiKey,
    };
    const endpointsFile = writeEndpointsFile(endpoints);
    let closing: Promise<void> | undefined;
    return {
      dataDir: config.dataDir,
      endpoints,
      endpointsFile,
      adminToken: secrets.adminToken,
      demoSource,
      close: () => (closing ??= closeAll(started, ports, release)),
    };
  } catch (error) {
    await closeAll(started, ports, release).catch(() => undefined);
    throw error;
  }
}
