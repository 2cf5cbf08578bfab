import { join } from 'node:path';
import { EXAMPLES_DIR, helmBinary } from './helm-tools.config';
import type {
  ConfigMap,
  Container,
  Deployment,
  HorizontalPodAutoscaler,
  Manifest,
  NetworkPolicy,
  PodDisruptionBudget,
  Secret,
  Service,
  ServiceAccount,
  ServiceMonitor,
} from './manifests';
import { containerEnv, ofKind, renderChart, serviceContainer } from './rendered-chart';
import {
  requiredVariables,
  SERVICE_CONFIGS,
  SERVICE_NAMES,
  type ServiceName,
} from './service-configs';

interface Rendering {
  readonly name: string;
  readonly args: readonly string[];
  readonly autoscaling: boolean;
  readonly existingSecret: boolean;
}

const RENDERINGS: readonly Rendering[] = [
  { name: 'default values', args: [], autoscaling: true, existingSecret: false },
  {
    name: 'values-aws.yaml',
    args: ['-f', join(EXAMPLES_DIR, 'values-aws.yaml')],
    autoscaling: true,
    existingSecret: true,
  },
  {
    name: 'values-local.yaml',
    args: ['-f', join(EXAMPLES_DIR, 'values-local.yaml')],
    autoscaling: false,
    existingSecret: false,
  },
];

const ALL_OPTIONAL = [
  '--set',
  'serviceMonitor.enabled=true,networkPolicy.enabled=true,ingress.enabled=true',
];

const PORTS: Record<ServiceName, number> = {
  'ingest-gateway': 7070,
  profiler: 7071,
  promoter: 7072,
  quality: 7073,
  notifier: 7074,
};

const component = (m: Manifest) => m.metadata.labels?.['app.kubernetes.io/component'];

function byService<T extends Manifest>(manifests: readonly Manifest[], kind: string) {
  const found = new Map<string, T>();
  for (const m of ofKind<T>(manifests, kind)) found.set(component(m) ?? '?', m);
  return found;
}

/** The container port a probe's named or numbered port means. */
function probePort(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

const isSubset = (subset: Record<string, string>, of: Record<string, string> = {}) =>
  Object.entries(subset).every(([k, v]) => of[k] === v);

let helm: string;
const rendered = new Map<string, Manifest[]>();

beforeAll(() => {
  helm = helmBinary(); // installs the tools on a fresh machine (minutes), else returns at once
  for (const r of RENDERINGS) rendered.set(r.name, renderChart(helm, r.args));
  rendered.set('all optional', renderChart(helm, ALL_OPTIONAL));
}, 20 * 60_000);

describe.each(RENDERINGS)('the chart rendered with $name', (rendering) => {
  const manifests = () => rendered.get(rendering.name)!;
  const deployments = () => byService<Deployment>(manifests(), 'Deployment');

  it('has exactly one Deployment per service, running the service its name says', () => {
    expect([...deployments().keys()].sort()).toEqual([...SERVICE_NAMES].sort());
    expect(ofKind(manifests(), 'Deployment')).toHaveLength(SERVICE_NAMES.length);
    for (const [name, deployment] of deployments()) {
      const env = containerEnv(manifests(), serviceContainer(deployment));
      expect({ name, TRIBUTARY_SERVICE: env.TRIBUTARY_SERVICE }).toEqual({
        name,
        TRIBUTARY_SERVICE: name,
      });
      expect(deployment.metadata.name).toBe(`tributary-${name}`);
    }
  });

  it.each(SERVICE_NAMES)('%s: probes /health/live and /health/ready on its port', (name) => {
    const container = serviceContainer(deployments().get(name)!);
    const env = containerEnv(manifests(), container);
    const port = SERVICE_CONFIGS[name](env).port;
    expect(port).toBe(PORTS[name]);
    for (const [probe, path] of [
      [container.livenessProbe, '/health/live'],
      [container.readinessProbe, '/health/ready'],
      [container.startupProbe, '/health/live'],
    ] as const) {
      expect(probe?.httpGet?.path).toBe(path);
      expect(probePort(container, probe?.httpGet?.port)).toBe(port);
    }
  });

  it.each(SERVICE_NAMES)('%s: runs non-root, read-only, no capabilities, seccomp', (name) => {
    const deployment = deployments().get(name)!;
    const pod = deployment.spec.template.spec;
    const container = serviceContainer(deployment);
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.image).toMatch(/^[^:]+(:[^:@]+)+(@sha256:[a-f0-9]{64})?$/);
    expect(container.image).not.toMatch(/:latest(@|$)/);
  });

  it.each(SERVICE_NAMES)('%s: requests and limits cpu and memory', (name) => {
    const { resources } = serviceContainer(deployments().get(name)!);
    for (const bound of [resources?.requests, resources?.limits]) {
      expect(bound?.cpu).toBeDefined();
      expect(bound?.memory).toBeDefined();
    }
  });

  it.each(SERVICE_NAMES)('%s: writes only to mounted emptyDirs (/tmp, its work dir)', (name) => {
    const deployment = deployments().get(name)!;
    const container = serviceContainer(deployment);
    const emptyDirs = new Set(
      (deployment.spec.template.spec.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name),
    );
    const writable = (container.volumeMounts ?? [])
      .filter((m) => emptyDirs.has(m.name))
      .map((m) => m.mountPath);
    expect(writable).toContain('/tmp');
    const config = SERVICE_CONFIGS[name](containerEnv(manifests(), container));
    if ('workDir' in config) expect(writable).toContain(config.workDir);
  });

  it.each(SERVICE_NAMES)('%s: stops within the pod grace period', (name) => {
    const deployment = deployments().get(name)!;
    const container = serviceContainer(deployment);
    const { service } = SERVICE_CONFIGS[name](containerEnv(manifests(), container));
    const graceMs = (deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    const preStopMs = (container.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
    expect(graceMs).toBeGreaterThan(preStopMs + service.SHUTDOWN_TIMEOUT_MS);
    expect(deployment.spec.template.metadata.annotations?.['checksum/config']).toMatch(
      /^[a-f0-9]{64}$/,
    );
  });

  it.each(SERVICE_NAMES)('%s: the chart sets every variable its config requires', (name) => {
    const container = serviceContainer(deployments().get(name)!);
    const env = containerEnv(manifests(), container);
    const required = requiredVariables(name);
    expect(required.length).toBeGreaterThan(0); // the probe works: distributed mode needs Kafka
    expect(required.filter((variable) => env[variable] === undefined)).toEqual([]);
    const config = SERVICE_CONFIGS[name](env); // throws a ConfigError naming what is wrong
    expect(config.service.HTTP_HOST).toBe('0.0.0.0');
    expect(config.infra.mode).toBe('distributed');
    expect(config.infra.kafka.brokers.length).toBeGreaterThan(0);
  });

  it('gives ADMIN_TOKEN only to the services with an admin API', () => {
    const holders = [...deployments()]
      .filter(([, d]) => serviceContainer(d).env?.some((e) => e.name === 'ADMIN_TOKEN'))
      .map(([name]) => name)
      .sort();
    expect(holders).toEqual(['ingest-gateway', 'notifier', 'quality']);
  });

  it('has a Service per service selecting its pods on the http port', () => {
    const services = byService<Service>(manifests(), 'Service');
    expect([...services.keys()].sort()).toEqual([...SERVICE_NAMES].sort());
    for (const [name, service] of services) {
      const pods = deployments().get(name)!.spec.template.metadata.labels;
      expect(isSubset(service.spec.selector, pods)).toBe(true);
      expect(service.spec.ports).toEqual([
        expect.objectContaining({
          name: 'http',
          port: PORTS[name as ServiceName],
          targetPort: 'http',
        }),
      ]);
    }
  });

  it('has a PodDisruptionBudget per service, and an HPA per service when autoscaling is on', () => {
    const pdbs = byService<PodDisruptionBudget>(manifests(), 'PodDisruptionBudget');
    const hpas = byService<HorizontalPodAutoscaler>(manifests(), 'HorizontalPodAutoscaler');
    expect([...pdbs.keys()].sort()).toEqual([...SERVICE_NAMES].sort());
    expect([...hpas.keys()].sort()).toEqual(rendering.autoscaling ? [...SERVICE_NAMES].sort() : []);
    for (const [name, deployment] of deployments()) {
      const pods = deployment.spec.template.metadata.labels;
      expect(pdbs.get(name)!.apiVersion).toBe('policy/v1');
      expect(isSubset(pdbs.get(name)!.spec.selector.matchLabels, pods)).toBe(true);
      const hpa = hpas.get(name);
      if (hpa) {
        expect(hpa.apiVersion).toBe('autoscaling/v2');
        expect(hpa.spec.scaleTargetRef).toEqual({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: deployment.metadata.name,
        });
        expect(deployment.spec.replicas).toBeUndefined(); // the HPA owns the count
      } else {
        expect(deployment.spec.replicas).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('keeps secrets in a Secret (or the existing one) and the rest in the ConfigMap', () => {
    const secrets = ofKind<Secret>(manifests(), 'Secret');
    expect(secrets).toHaveLength(rendering.existingSecret ? 0 : 1);
    const [configMap] = ofKind<ConfigMap>(manifests(), 'ConfigMap');
    for (const key of ['ADMIN_TOKEN', 'WEBHOOK_SIGNING_SECRET', 'AWS_SECRET_ACCESS_KEY']) {
      expect(configMap?.data?.[key]).toBeUndefined();
    }
    const refs = [...deployments().values()].flatMap((d) =>
      (serviceContainer(d).env ?? []).flatMap((e) => e.valueFrom?.secretKeyRef ?? []),
    );
    const expectedName = rendering.existingSecret ? 'tributary-secrets' : secrets[0]!.metadata.name;
    expect(new Set(refs.map((r) => r.name))).toEqual(new Set([expectedName]));
  });

  it('labels every object with the standard app.kubernetes.io set', () => {
    for (const m of manifests()) {
      expect(m.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'tributary',
        'app.kubernetes.io/instance': 'tributary',
        'app.kubernetes.io/version': '0.1.0',
        'app.kubernetes.io/managed-by': 'Helm',
      });
    }
  });
});

describe('the chart with its optional parts on', () => {
  const manifests = () => rendered.get('all optional')!;

  it('scrapes /metrics of every Service with one ServiceMonitor', () => {
    const [monitor, ...more] = ofKind<ServiceMonitor>(manifests(), 'ServiceMonitor');
    expect(more).toEqual([]);
    expect(monitor!.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor!.spec.endpoints).toEqual([
      expect.objectContaining({ port: 'http', path: '/metrics' }),
    ]);
    const services = ofKind<Service>(manifests(), 'Service');
    const selected = services.filter((s) =>
      isSubset(monitor!.spec.selector.matchLabels, s.metadata.labels),
    );
    expect(selected).toHaveLength(SERVICE_NAMES.length);
    for (const s of selected) expect(s.spec.ports.map((p) => p.name)).toContain('http');
  });

  it('has a NetworkPolicy selecting each service’s pods', () => {
    const policies = byService<NetworkPolicy>(manifests(), 'NetworkPolicy');
    const deployments = byService<Deployment>(manifests(), 'Deployment');
    expect([...policies.keys()].sort()).toEqual([...SERVICE_NAMES].sort());
    for (const [name, policy] of policies) {
      const pods = deployments.get(name)!.spec.template.metadata.labels;
      expect(isSubset(policy.spec.podSelector.matchLabels, pods)).toBe(true);
    }
  });

  it('routes the Ingress to the gateway only', () => {
    const ingresses = ofKind(manifests(), 'Ingress');
    expect(ingresses.map(component)).toEqual(['ingest-gateway']);
  });
});

describe('the AWS example', () => {
  it('uses IRSA through the ServiceAccount and mounts no API token', () => {
    const manifests = rendered.get('values-aws.yaml')!;
    const [account] = ofKind<ServiceAccount>(manifests, 'ServiceAccount');
    expect(account!.metadata.annotations?.['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::/);
    expect(account!.automountServiceAccountToken).toBe(false);
    for (const d of ofKind<Deployment>(manifests, 'Deployment')) {
      expect(d.spec.template.spec.serviceAccountName).toBe(account!.metadata.name);
      const env = containerEnv(manifests, serviceContainer(d));
      expect(env.S3_ENDPOINT).toBeUndefined();
      expect(env.DYNAMODB_ENDPOINT).toBeUndefined();
    }
  });
});
