import { randomBytes } from 'node:crypto';
import type { AnyEvent, TopicBaseName } from '@tributary/contracts';
import {
  FileLedgerRepository,
  MetadataTables,
  SchemaVersionRepository,
  SourceRepository,
} from '@tributary/metadata';
import { EventBus, Metrics, tablePrefixFor } from '@tributary/platform';
import type { S3ObjectStore, DynamoDbKeyValueStore, KafkaTransport } from '@tributary/adapters';
import pino from 'pino';
import {
  realCodec,
  realKeyValueStore,
  realObjectStore,
  realTransport,
} from '../infra/real-infrastructure';
import { testNamespace } from '../infra/test-namespace';
import { waitFor } from '../infra/wait-for';
import {
  type ServiceName,
  type ServiceProcess,
  serviceEnv,
  startService,
} from '../processes/service-process';

export interface UploadResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/** Events of one topic as an outside consumer group sees them. */
export class EventCollector {
  readonly events: AnyEvent[] = [];

  async waitFor<E extends AnyEvent = AnyEvent>(
    predicate: (event: E) => boolean,
    what = 'event',
    timeoutMs = 60_000,
  ): Promise<E> {
    return waitFor(() => this.events.find((e) => predicate(e as E)) as E | undefined, {
      what,
      timeoutMs,
    });
  }

  matching<E extends AnyEvent = AnyEvent>(predicate: (event: E) => boolean): E[] {
    return this.events.filter((e) => predicate(e as E)) as E[];
  }
}

/**
 * A namespace of its own on the real stack with some Tributary services running as separate
 * processes, plus direct access to what a user would check: S3 objects, DynamoDB items, topics.
 */
export class PipelineFixture {
  /** Running services by name (or by a label of the test's choosing, for a second instance). */
  readonly services = new Map<string, ServiceProcess>();
  readonly objects: S3ObjectStore;
  readonly kv: DynamoDbKeyValueStore;
  readonly transport: KafkaTransport;
  readonly bus: EventBus;
  readonly tables: MetadataTables;
  readonly sources: SourceRepository;
  readonly files: FileLedgerRepository;
  readonly versions: SchemaVersionRepository;
  readonly adminToken = 'test-admin-token-0123456789';
  private readonly collectors = new Map<TopicBaseName, EventCollector>();

  private constructor(
    readonly namespace: string,
    readonly env: Record<string, string>,
  ) {
    this.objects = realObjectStore(namespace);
    this.kv = realKeyValueStore();
    this.transport = realTransport(`fixture-${namespace}`);
    this.bus = new EventBus({
      transport: this.transport,
      codec: realCodec(),
      namespace,
      logger: pino({ level: 'silent' }),
      metrics: new Metrics('fixture'),
      retry: { baseMs: 100, maxMs: 1000, maxAttempts: 3 },
    });
    this.tables = new MetadataTables(tablePrefixFor(namespace));
    this.sources = new SourceRepository(this.kv, this.tables);
    this.files = new FileLedgerRepository(this.kv, this.tables);
    this.versions = new SchemaVersionRepository(this.kv, this.tables);
  }

  static async start(
    label: string,
    services: readonly ServiceName[],
    extraEnv: Record<string, string> = {},
  ): Promise<PipelineFixture> {
    const namespace = testNamespace(label);
    const fixture = new PipelineFixture(namespace, serviceEnv(namespace, extraEnv));
    await fixture.objects.ensureBucket();
    await fixture.kv.ensureTables(fixture.tables.all());
    for (const name of services) await fixture.startService(name);
    return fixture;
  }

  async startService(
    name: ServiceName,
    extraEnv: Record<string, string> = {},
    key: string = name,
  ): Promise<ServiceProcess> {
    const service = await startService(name, { env: { ...this.env, ...extraEnv } });
    this.services.set(key, service);
    return service;
  }

  service(name: string): ServiceProcess {
    const s = this.services.get(name);
    if (!s) throw new Error(`${name} is not running`);
    return s;
  }

  get gatewayUrl(): string {
    return this.service('ingest-gateway').url;
  }

  /** Collects every event of a topic from the beginning, in a consumer group of its own. */
  async collect(topic: TopicBaseName): Promise<EventCollector> {
    const existing = this.collectors.get(topic);
    if (existing) return existing;
    const collector = new EventCollector();
    this.collectors.set(topic, collector);
    await this.bus.subscribe({
      groupId: `${this.namespace}-collector-${topic}-${randomBytes(2).toString('hex')}`,
      topics: [topic],
      handler: async (event) => void collector.events.push(event),
    });
    return collector;
  }

  async admin<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.gatewayUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Creates a source through the control plane and returns its API key. */
  async createSource(sourceId: string, settings: Record<string, unknown> = {}): Promise<string> {
    const { status, body } = await this.admin<{ apiKey: string }>('POST', '/v1/admin/sources', {
      sourceId,
      ...settings,
    });
    if (status !== 201)
      throw new Error(`create source ${sourceId}: ${status} ${JSON.stringify(body)}`);
    return body.apiKey;
  }

  async upload(
    sourceId: string,
    apiKey: string | undefined,
    name: string,
    body: string | Buffer | Uint8Array,
    options: { contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<UploadResult> {
    const response = await fetch(
      `${this.gatewayUrl}/v1/sources/${sourceId}/files?name=${encodeURIComponent(name)}`,
      {
        method: 'POST',
        headers: {
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
          'content-type': options.contentType ?? 'text/csv',
          ...options.headers,
        },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      },
    );
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
      headers: response.headers,
    };
  }

  async fileStatus(sourceId: string, fileId: string): Promise<Record<string, unknown>> {
    const { body } = await this.admin<Record<string, unknown>>(
      'GET',
      `/v1/admin/sources/${sourceId}/files/${fileId}`,
    );
    return body;
  }

  async waitForFileStatus(
    sourceId: string,
    fileId: string,
    statuses: readonly string[],
    timeoutMs = 60_000,
  ): Promise<Record<string, unknown>> {
    return waitFor(
      async () => {
        const file = await this.fileStatus(sourceId, fileId);
        return statuses.includes(String(file.status)) ? file : undefined;
      },
      { what: `file ${fileId} to be ${statuses.join('|')}`, timeoutMs },
    );
  }

  async metricsText(name: string): Promise<string> {
    return (await fetch(`${this.service(name).url}/metrics`)).text();
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.services.values()].map((s) => s.stop()));
    await this.bus.close();
    await this.transport.close();
    this.objects.close();
    this.kv.close();
  }
}

/** The value of one sample of a metric in Prometheus text, or 0 when absent. */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}
