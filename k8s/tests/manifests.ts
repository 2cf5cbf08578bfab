/** The parts of rendered Kubernetes objects the chart tests read. */

export interface Metadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: Metadata;
}

export interface KeyRef {
  readonly name: string;
  readonly key: string;
  readonly optional?: boolean;
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: KeyRef; readonly configMapKeyRef?: KeyRef };
}

export interface EnvFromSource {
  readonly configMapRef?: { readonly name: string; readonly optional?: boolean };
  readonly secretRef?: { readonly name: string; readonly optional?: boolean };
}

export interface Probe {
  readonly httpGet?: { readonly path: string; readonly port: number | string };
}

export interface SecurityContext {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly readOnlyRootFilesystem?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly capabilities?: { readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type: string };
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy?: string;
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly EnvFromSource[];
  readonly startupProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly lifecycle?: { readonly preStop?: { readonly sleep?: { readonly seconds: number } } };
  readonly resources?: {
    readonly requests?: Record<string, string | number>;
    readonly limits?: Record<string, string | number>;
  };
  readonly securityContext?: SecurityContext;
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
}

export interface Deployment extends Manifest {
  readonly spec: {
    readonly replicas?: number;
    readonly selector: { readonly matchLabels: Record<string, string> };
    readonly template: {
      readonly metadata: Metadata;
      readonly spec: {
        readonly serviceAccountName?: string;
        readonly automountServiceAccountToken?: boolean;
        readonly terminationGracePeriodSeconds?: number;
        readonly securityContext?: SecurityContext;
        readonly containers: readonly Container[];
        readonly volumes?: readonly { readonly name: string; readonly emptyDir?: object }[];
      };
    };
  };
}

export interface ConfigMap extends Manifest {
  readonly data?: Record<string, string>;
}

export interface Secret extends Manifest {
  readonly data?: Record<string, string>;
  readonly stringData?: Record<string, string>;
}

export interface Service extends Manifest {
  readonly spec: {
    readonly selector: Record<string, string>;
    readonly ports: readonly {
      readonly name?: string;
      readonly port: number;
      readonly targetPort?: number | string;
    }[];
  };
}

export interface HorizontalPodAutoscaler extends Manifest {
  readonly spec: {
    readonly scaleTargetRef: {
      readonly apiVersion: string;
      readonly kind: string;
      readonly name: string;
    };
    readonly minReplicas?: number;
    readonly maxReplicas: number;
  };
}

export interface PodDisruptionBudget extends Manifest {
  readonly spec: { readonly selector: { readonly matchLabels: Record<string, string> } };
}

export interface ServiceMonitor extends Manifest {
  readonly spec: {
    readonly selector: { readonly matchLabels: Record<string, string> };
    readonly endpoints: readonly { readonly port: string; readonly path?: string }[];
  };
}

export interface NetworkPolicy extends Manifest {
  readonly spec: { readonly podSelector: { readonly matchLabels: Record<string, string> } };
}

export interface ServiceAccount extends Manifest {
  readonly automountServiceAccountToken?: boolean;
}
