import { z } from 'zod';
import { isValidNamespace } from '@tributary/contracts';
import { envBoolean, envList, envPositiveInt, envUrl } from './env-schema-parts';

/** Where a service finds Kafka, the Schema Registry, DynamoDB and S3 (or the embedded stand-ins). */
export const infraEnvSchema = z.object({
  TRIBUTARY_NAMESPACE: z
    .string()
    .default('')
    .refine(isValidNamespace, { message: 'must match ^[a-z0-9][a-z0-9-]{0,39}$ or be empty' }),
  TRIBUTARY_MODE: z.enum(['distributed', 'embedded']).default('distributed'),
  TRIBUTARY_DATA_DIR: z.string().default('./.tributary'),
  KAFKA_BROKERS: envList().optional(),
  KAFKA_PARTITIONS: envPositiveInt(3),
  KAFKA_REPLICATION_FACTOR: envPositiveInt(1),
  SCHEMA_REGISTRY_URL: envUrl().optional(),
  DYNAMODB_ENDPOINT: envUrl().optional(),
  S3_ENDPOINT: envUrl().optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a valid bucket name' })
    .default('tributary'),
  S3_FORCE_PATH_STYLE: envBoolean(true),
  /** Create the bucket at boot when missing (local stack and tests; off for cloud buckets). */
  S3_ENSURE_BUCKET: envBoolean(false),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
  TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]*$/, { message: 'may hold only letters, digits, _ . -' })
    .default('tributary_'),
  RETRY_BASE_MS: envPositiveInt(1000),
  RETRY_MAX_MS: envPositiveInt(30_000),
  RETRY_MAX_ATTEMPTS: envPositiveInt(10),
});

/** Table names of a namespace: `tributary_` for the default one, `tributary_<ns>_` otherwise. */
export function tablePrefixFor(namespace: string, base = 'tributary_'): string {
  return namespace ? `${base}${namespace.replace(/-/g, '_')}_` : base;
}

export type InfraEnv = z.output<typeof infraEnvSchema>;

export interface InfraConfig {
  readonly namespace: string;
  readonly mode: 'distributed' | 'embedded';
  readonly dataDir: string;
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly partitions: number;
    readonly replicationFactor: number;
  };
  readonly schemaRegistryUrl: string;
  readonly dynamodb: { readonly endpoint?: string };
  readonly s3: {
    readonly endpoint?: string;
    readonly bucket: string;
    readonly forcePathStyle: boolean;
    readonly ensureBucket: boolean;
  };
  readonly aws: {
    readonly region: string;
    readonly accessKeyId?: string;
    readonly secretAccessKey?: string;
  };
  readonly tablePrefix: string;
  readonly retry: { readonly baseMs: number; readonly maxMs: number; readonly maxAttempts: number };
}

/** Checks cross-field rules (distributed mode needs Kafka and a registry) and shapes the config. */
export const infraConfigSchema = infraEnvSchema
  .superRefine((env, ctx) => {
    if (env.TRIBUTARY_MODE !== 'distributed') return;
    if (!env.KAFKA_BROKERS?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_BROKERS'],
        message: 'is required in distributed mode',
      });
    }
    if (!env.SCHEMA_REGISTRY_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SCHEMA_REGISTRY_URL'],
        message: 'is required in distributed mode',
      });
    }
  })
  .transform((env): InfraConfig => ({
    namespace: env.TRIBUTARY_NAMESPACE,
    mode: env.TRIBUTARY_MODE,
    dataDir: env.TRIBUTARY_DATA_DIR,
    kafka: {
      brokers: env.KAFKA_BROKERS ?? [],
      partitions: env.KAFKA_PARTITIONS,
      replicationFactor: env.KAFKA_REPLICATION_FACTOR,
    },
    schemaRegistryUrl: env.SCHEMA_REGISTRY_URL ?? '',
    dynamodb: { endpoint: env.DYNAMODB_ENDPOINT },
    s3: {
      endpoint: env.S3_ENDPOINT,
      bucket: env.S3_BUCKET,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      ensureBucket: env.S3_ENSURE_BUCKET,
    },
    aws: {
      region: env.AWS_REGION,
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    },
    tablePrefix: tablePrefixFor(env.TRIBUTARY_NAMESPACE, env.TABLE_PREFIX),
    retry: {
      baseMs: env.RETRY_BASE_MS,
      maxMs: env.RETRY_MAX_MS,
      maxAttempts: env.RETRY_MAX_ATTEMPTS,
    },
  }));
