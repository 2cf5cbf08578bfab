import { join } from 'node:path';
import type { InfraConfig, Logger, Metrics, ReadinessCheck } from '@tributary/platform';
import { EventBus } from '@tributary/platform';
import type {
  EventCodec,
  KeyValueStore,
  MessageTransport,
  ObjectStore,
  TableDefinition,
} from '@tributary/ports';
import { DynamoDbKeyValueStore } from './dynamodb/dynamodb-key-value-store';
import { EmbeddedEventCodec } from './embedded/codec/embedded-event-codec';
import { EmbeddedKeyValueStore } from './embedded/key-value/embedded-key-value-store';
import { EmbeddedLogTransport } from './embedded/log/embedded-log-transport';
import { EmbeddedObjectStore } from './embedded/object-store/embedded-object-store';
import { ConfluentRegistryCodec } from './kafka/confluent-registry-codec';
import { KafkaTransport } from './kafka/kafka-transport';
import { S3ObjectStore } from './s3/s3-object-store';

/** The ports a service runs on, wired to real servers or, in embedded mode, to a data folder. */
export interface Infrastructure {
  readonly objectStore: ObjectStore;
  readonly keyValueStore: KeyValueStore;
  readonly transport: MessageTransport;
  readonly codec: EventCodec;
  readonly eventBus: EventBus;
  readonly readiness: readonly ReadinessCheck[];
  /** Creates what must exist before work starts: the metadata tables (and the bucket if configured). */
  initialise(tables: readonly TableDefinition[]): Promise<void>;
  close(): Promise<void>;
}

/** Stores, transport and codec that several services of one process may share (embedded mode). */
export interface SharedPorts {
  readonly objectStore: ObjectStore;
  readonly keyValueStore: KeyValueStore;
  readonly transport: MessageTransport;
  readonly codec: EventCodec;
  readonly kind: 'real' | 'embedded';
  ensureBucket(): Promise<void>;
  readiness(): ReadinessCheck[];
  close(): Promise<void>;
}

export interface InfrastructureDeps {
  readonly clientId: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Kafka, the Schema Registry, DynamoDB and S3 (SPEC §7: distributed and local stack). */
export function openRealPorts(
  config: InfraConfig,
  deps: Pick<InfrastructureDeps, 'clientId' | 'logger'>,
): SharedPorts {
  const credentials = {
    accessKeyId: config.aws.accessKeyId,
    secretAccessKey: config.aws.secretAccessKey,
  };
  const objectStore = new S3ObjectStore({
    endpoint: config.s3.endpoint,
    region: config.aws.region,
    bucket: config.s3.bucket,
    forcePathStyle: config.s3.forcePathStyle,
    ...credentials,
  });
  const keyValueStore = new DynamoDbKeyValueStore({
    endpoint: config.dynamodb.endpoint,
    region: config.aws.region,
    ...credentials,
  });
  const transport = new KafkaTransport({
    brokers: config.kafka.brokers,
    clientId: deps.clientId,
    partitions: config.kafka.partitions,
    replicationFactor: config.kafka.replicationFactor,
    log: (level, message, extra) => deps.logger[level](extra, message),
  });
  const codec = new ConfluentRegistryCodec(config.schemaRegistryUrl);
  return {
    objectStore,
    keyValueStore,
    transport,
    codec,
    kind: 'real',
    ensureBucket: () => objectStore.ensureBucket(),
    readiness: () => [
      { name: 'kafka', check: () => transport.ping() },
      { name: 'schema-registry', check: () => codec.ping() },
      { name: 's3', check: () => objectStore.ping() },
      { name: 'dynamodb', check: () => keyValueStore.ping() },
    ],
    close: async () => {
      await transport.close();
      objectStore.close();
      keyValueStore.close();
    },
  };
}

/** Everything under one data folder, no servers (SPEC §7: embedded mode). */
export function openEmbeddedPorts(config: InfraConfig): SharedPorts {
  const root = config.dataDir;
  const objectStore = new EmbeddedObjectStore({ root: join(root, 'store') });
  const keyValueStore = new EmbeddedKeyValueStore({ root });
  const transport = new EmbeddedLogTransport({ root, partitions: config.kafka.partitions });
  const codec = new EmbeddedEventCodec({ root });
  return {
    objectStore,
    keyValueStore,
    transport,
    codec,
    kind: 'embedded',
    ensureBucket: async () => undefined,
    readiness: () => [
      { name: 'event-log', check: () => transport.ping() },
      { name: 'object-store', check: () => objectStore.ping() },
      { name: 'metadata', check: () => keyValueStore.ping() },
    ],
    close: async () => {
      await transport.close();
      objectStore.close();
      keyValueStore.close();
    },
  };
}

/**
 * A service's infrastructure. With `shared` ports (several services in one process) the service
 * gets its own event bus (its own metrics and consumers) over them and leaves closing them to
 * their owner.
 */
export function createInfrastructure(
  config: InfraConfig,
  deps: InfrastructureDeps,
  shared?: SharedPorts,
): Infrastructure {
  const ports =
    shared ??
    (config.mode === 'embedded' ? openEmbeddedPorts(config) : openRealPorts(config, deps));
  const eventBus = new EventBus({
    transport: ports.transport,
    codec: ports.codec,
    namespace: config.namespace,
    logger: deps.logger,
    metrics: deps.metrics,
    retry: config.retry,
  });
  return {
    objectStore: ports.objectStore,
    keyValueStore: ports.keyValueStore,
    transport: ports.transport,
    codec: ports.codec,
    eventBus,
    readiness: ports.readiness(),
    initialise: async (tables) => {
      if (config.s3.ensureBucket) await ports.ensureBucket();
      await ports.keyValueStore.ensureTables(tables);
    },
    close: async () => {
      await eventBus.close();
      if (!shared) await ports.close();
    },
  };
}

/** How a service is started: from an environment, optionally over ports shared in one process. */
export interface ServiceStartOptions {
  readonly env: Record<string, string | undefined>;
  readonly shared?: SharedPorts;
}

/** A started service: where it listens, and how to stop it gracefully. */
export interface StartedService {
  readonly url: string;
  close(): Promise<void>;
}
