import {
  runServiceExpectingExit,
  SERVICE_NAMES,
  serviceEnv,
  type ServiceProcess,
  startService,
  testNamespace,
} from '@tributary/testkit';

describe('each service as its own process against the stack', () => {
  const namespace = testNamespace('boot');
  const running: ServiceProcess[] = [];

  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
  });

  it.each(SERVICE_NAMES)(
    '%s answers /health/ready 200, /health/live and serves /metrics',
    async (name) => {
      const service = await startService(name, { env: serviceEnv(namespace) });
      running.push(service);
      const ready = await fetch(`${service.url}/health/ready`);
      const report = (await ready.json()) as {
        ready: boolean;
        checks: Record<string, { ok: boolean }>;
      };
      expect(ready.status).toBe(200);
      expect(report.ready).toBe(true);
      expect(Object.keys(report.checks).sort()).toEqual([
        'dynamodb',
        'kafka',
        's3',
        'schema-registry',
      ]);
      expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
      const metrics = await fetch(`${service.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
      expect(await metrics.text()).toMatch(/process_resident_memory_bytes\{service="[a-z-]+"\}/);
    },
  );

  it.each(SERVICE_NAMES)(
    '%s exits non-zero and names the variable when started with an invalid one',
    async (name) => {
      const { code, stderr } = await runServiceExpectingExit(name, {
        ...serviceEnv(namespace),
        KAFKA_BROKERS: '',
        S3_BUCKET: 'Not_A_Bucket!',
      });
      expect(code).toBe(78);
      expect(stderr).toMatch(/invalid configuration/);
      expect(stderr).toMatch(/S3_BUCKET/);
      expect(stderr).toMatch(/KAFKA_BROKERS/);
    },
  );

  it('a service refuses to start when a dependency (DynamoDB) is unreachable', async () => {
    const service = await startService('notifier', {
      env: serviceEnv(namespace, { DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' }),
    }).catch((error: unknown) => error as Error);
    // It cannot create its tables without DynamoDB, so it must not come up as if healthy.
    expect(service).toBeInstanceOf(Error);
  });
});
