import {
  ConfluentRegistryCodec,
  DynamoDbKeyValueStore,
  KafkaTransport,
  S3ObjectStore,
} from '@tributary/adapters';
import { readStackEnv } from '../stack/stack-env';

/** Real adapters against the local stack, for integration tests. */
export function stackEndpoints(): Record<string, string> {
  return { ...readStackEnv(), ...definedEnv() };
}

function definedEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [
    'KAFKA_BROKERS',
    'SCHEMA_REGISTRY_URL',
    'DYNAMODB_ENDPOINT',
    'S3_ENDPOINT',
    'AWS_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
  ]) {
    const value = process.env[key];
    if (value) out[key] = value;
  }
  return out;
}

export function realObjectStore(bucket: string): S3ObjectStore {
  const env = stackEndpoints();
  return new S3ObjectStore({
    endpoint: env.S3_ENDPOINT,
    region: env.AWS_REGION ?? 'us-east-1',
    bucket,
    forcePathStyle: true,
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
  });
}

export function realKeyValueStore(): DynamoDbKeyValueStore {
  const env = stackEndpoints();
  return new DynamoDbKeyValueStore({
    endpoint: env.DYNAMODB_ENDPOINT,
    region: env.AWS_REGION ?? 'us-east-1',
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
  });
}

export function realTransport(clientId: string): KafkaTransport {
  const env = stackEndpoints();
  return new KafkaTransport({
    brokers: (env.KAFKA_BROKERS ?? '').split(','),
    clientId,
    partitions: 3,
    replicationFactor: 1,
  });
}

export function realCodec(): ConfluentRegistryCodec {
  return new ConfluentRegistryCodec(stackEndpoints().SCHEMA_REGISTRY_URL ?? '');
}
