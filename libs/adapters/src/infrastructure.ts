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
import { ConfluentRegistryCodec } from './kafka/confluent-registry-codec';
import { KafkaTransport } from './kafka/kafka-transport';
import { S3ObjectStore } from './s3/s3-object-store';

/** The ports a service runs on, wired to real servers (or, in embedded mode, local stand-ins). */
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

export interface InfrastructureDeps {
  readonly clientId: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function createInfrastructure(
  config: InfraConfig,
  deps: InfrastructureDeps,
): Infrastructure {
  if (config.mode === 'embedded') {
    throw new Error('embedded mode is started by `tributary dev`, not by a single service');
  }
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
  const eventBus = new EventBus({
    transport,
    codec,
    namespace: config.namespace,
    logger: deps.logger,
    metrics: deps.metrics,
    retry: config.retry,
  });
  return {
    objectStore,
    keyValueStore,
    transport,
    codec,
    eventBus,
    readiness: [
      { name: 'kafka', check: () => transport.ping() },
      { name: 'schema-registry', check: () => codec.ping() },
      { name: 's3', check: () => objectStore.ping() },
      { name: 'dynamodb', check: () => keyValueStore.ping() },
    ],
    initialise: async (tables) => {
      if (config.s3.ensureBucket) await objectStore.ensureBucket();
      await keyValueStore.ensureTables(tables);
    },
    close: async () => {
      await eventBus.close();
      await transport.close();
      objectStore.close();
      keyValueStore.close();
    },
  };
}
