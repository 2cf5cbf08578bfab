import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';
import { repoRoot } from './repo-root';

/**
 * The same stack as scripts/stack/up.sh, from container images, for machines with a Docker
 * engine (TRIBUTARY_STACK=docker). It writes the same `.stack/env` keys, so tests and services
 * cannot tell the two paths apart.
 */
// Not exercised on the build machines (no Docker engine there); images overridable by env.
const IMAGES = {
  kafka: process.env.TRIBUTARY_KAFKA_IMAGE ?? 'apache/kafka:3.9.1',
  registry: process.env.TRIBUTARY_REGISTRY_IMAGE ?? 'apicurio/apicurio-registry:3.3.0',
  dynamodb: process.env.TRIBUTARY_DYNAMODB_IMAGE ?? 'amazon/dynamodb-local:3.1.0',
  s3: process.env.TRIBUTARY_S3PROXY_IMAGE ?? 'andrewgaul/s3proxy:latest',
} as const;

const started: StartedTestContainer[] = [];

export async function startDockerStack(): Promise<Record<string, string>> {
  const kafkaPort = 19092;
  const [kafka, registry, dynamodb, s3] = await Promise.all([
    new GenericContainer(IMAGES.kafka)
      .withExposedPorts({ container: kafkaPort, host: kafkaPort })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `PLAINTEXT://:${kafkaPort},CONTROLLER://:19093`,
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:19093',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_NUM_PARTITIONS: '3',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start(),
    new GenericContainer(IMAGES.registry)
      .withExposedPorts(8080)
      .withEnvironment({
        APICURIO_REST_DELETION_ARTIFACT_ENABLED: 'true',
        APICURIO_REST_DELETION_ARTIFACT_VERSION_ENABLED: 'true',
        APICURIO_REST_DELETION_GROUP_ENABLED: 'true',
      })
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
      .start(),
    new GenericContainer(IMAGES.dynamodb)
      .withExposedPorts(8000)
      .withCommand(['-jar', 'DynamoDBLocal.jar', '-inMemory', '-sharedDb', '-disableTelemetry'])
      .withWaitStrategy(Wait.forListeningPorts())
      .start(),
    new GenericContainer(IMAGES.s3)
      .withExposedPorts(80)
      .withEnvironment({
        S3PROXY_AUTHORIZATION: 'aws-v2-or-v4',
        S3PROXY_IDENTITY: 'test',
        S3PROXY_CREDENTIAL: 'testsecret',
        JCLOUDS_PROVIDER: 'transient-nio2',
      })
      .withWaitStrategy(Wait.forListeningPorts())
      .start(),
  ]);
  started.push(kafka, registry, dynamodb, s3);
  const host = (c: StartedTestContainer, port: number) =>
    `http://${c.getHost()}:${c.getMappedPort(port)}`;
  const env = {
    TRIBUTARY_STACK: 'docker',
    KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
    SCHEMA_REGISTRY_URL: `${host(registry, 8080)}/apis/ccompat/v7`,
    DYNAMODB_ENDPOINT: host(dynamodb, 8000),
    S3_ENDPOINT: host(s3, 80),
    S3_BUCKET: 'tributary',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'testsecret',
  };
  const dir = join(repoRoot(), '.stack');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'env'),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  return env;
}

export async function stopDockerStack(): Promise<void> {
  await Promise.all(started.splice(0).map((c) => c.stop()));
}
