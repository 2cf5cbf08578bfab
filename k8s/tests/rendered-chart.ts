import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { CHART_DIR } from './helm-tools.config';
import type { ConfigMap, Container, Deployment, Manifest, Secret } from './manifests';

export const RELEASE = 'tributary';
export const NAMESPACE = 'tributary';

/** Stands for a key of a Secret the chart does not render (existingSecret): long enough for any. */
export const EXISTING_SECRET_VALUE = 'x'.repeat(48);

/** `helm template` of the chart with extra arguments (`-f file`, `--set k=v`), parsed. */
export function renderChart(helm: string, args: readonly string[]): Manifest[] {
  const text = execFileSync(
    helm,
    ['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return parseAllDocuments(text)
    .map((doc) => doc.toJSON() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

export function ofKind<T extends Manifest>(manifests: readonly Manifest[], kind: string): T[] {
  return manifests.filter((m) => m.kind === kind) as T[];
}

function named<T extends Manifest>(manifests: readonly Manifest[], kind: string, name: string) {
  return ofKind<T>(manifests, kind).find((m) => m.metadata.name === name);
}

function secretData(secret: Secret): Record<string, string> {
  const decoded = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
  );
  return { ...decoded, ...secret.stringData };
}

/** Where a referenced key's value comes from: a rendered object, or an existing Secret (dummy). */
function lookupKey(
  manifests: readonly Manifest[],
  kind: 'ConfigMap' | 'Secret',
  ref: { name: string; key: string; optional?: boolean },
): string | undefined {
  const object = named<ConfigMap | Secret>(manifests, kind, ref.name);
  if (!object) {
    if (kind === 'Secret') return EXISTING_SECRET_VALUE;
    throw new Error(`ConfigMap ${ref.name} is referenced but not rendered`);
  }
  const data = kind === 'Secret' ? secretData(object) : (object.data ?? {});
  const value = data[ref.key];
  if (value === undefined && !ref.optional) {
    throw new Error(`${kind} ${ref.name} has no key ${ref.key} (the pod would not start)`);
  }
  return value;
}

/** The environment the container would start with, as the kubelet builds it (env over envFrom). */
export function containerEnv(
  manifests: readonly Manifest[],
  container: Container,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const cm = named<ConfigMap>(manifests, 'ConfigMap', source.configMapRef.name);
      if (!cm) throw new Error(`ConfigMap ${source.configMapRef.name} is not rendered`);
      Object.assign(env, cm.data);
    } else if (source.secretRef) {
      const secret = named<Secret>(manifests, 'Secret', source.secretRef.name);
      if (!secret) throw new Error(`envFrom of an unrendered Secret: its keys are unknown`);
      Object.assign(env, secretData(secret));
    }
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    const value = from?.secretKeyRef
      ? lookupKey(manifests, 'Secret', from.secretKeyRef)
      : from?.configMapKeyRef
        ? lookupKey(manifests, 'ConfigMap', from.configMapKeyRef)
        : variable.value;
    if (from && !from.secretKeyRef && !from.configMapKeyRef) {
      throw new Error(`${variable.name}: unsupported valueFrom ${JSON.stringify(from)}`);
    }
    if (value !== undefined) env[variable.name] = value;
  }
  return env;
}

/** The one container of a service's Deployment. */
export function serviceContainer(deployment: Deployment): Container {
  const containers = deployment.spec.template.spec.containers;
  if (containers.length !== 1) throw new Error(`${deployment.metadata.name}: expected 1 container`);
  return containers[0]!;
}
