import type { RenderedObject } from './helm';
import type { PodSpecLike } from './pod-security';

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

export interface ContainerSpec {
  readonly name?: string;
  readonly image?: string;
  readonly resources?: { readonly requests?: Record<string, unknown>; readonly limits?: Record<string, unknown> };
  readonly securityContext?: PodSpecLike['securityContext'];
}

export interface PodSpec extends PodSpecLike {
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: readonly Toleration[];
  readonly affinity?: Record<string, unknown>;
  readonly containers?: readonly ContainerSpec[];
  readonly initContainers?: readonly ContainerSpec[];
  readonly serviceAccountName?: string;
}

/** A pod some object makes: the object's id (`Kind/name`), its namespace, pod labels and spec. */
export interface PodOf {
  readonly id: string;
  readonly kind: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: PodSpec;
  /** The Helm hook the object runs as (pre-install, post-upgrade, ...), if any. */
  readonly hook?: string;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});

/**
 * Where each kind keeps its pod template. The Prometheus Operator's resources are pods by another name: the
 * operator turns their spec (nodeSelector, tolerations, securityContext, resources) into a StatefulSet.
 */
function templateOf(object: RenderedObject): { labels: Json; spec: Json } | undefined {
  const spec = obj(object.spec);
  switch (object.kind) {
    case 'Pod':
      return { labels: obj(object.metadata.labels), spec };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return { labels: obj(obj(obj(spec.template).metadata).labels), spec: obj(obj(spec.template).spec) };
    case 'CronJob': {
      const template = obj(obj(obj(spec.jobTemplate).spec).template);
      return { labels: obj(obj(template.metadata).labels), spec: obj(template.spec) };
    }
    case 'Prometheus':
    case 'Alertmanager':
    case 'ThanosRuler':
    case 'PrometheusAgent': {
      if (!object.apiVersion.startsWith('monitoring.coreos.com/')) return undefined;
      const main = OPERATOR_MAIN_CONTAINER[object.kind];
      const overrides = ((spec.containers as ContainerSpec[] | undefined) ?? []).filter((c) => c.name === main);
      return {
        labels: obj(obj(spec.podMetadata).labels),
        spec: {
          nodeSelector: spec.nodeSelector,
          tolerations: spec.tolerations,
          affinity: spec.affinity,
          hostNetwork: spec.hostNetwork,
          securityContext: spec.securityContext,
          containers: [
            {
              name: main,
              resources: spec.resources,
              securityContext: { ...OPERATOR_CONTAINER_SECURITY, ...(overrides[0]?.securityContext ?? {}) },
            },
            ...((spec.containers as ContainerSpec[] | undefined) ?? []).filter((c) => c.name !== main),
          ],
          initContainers: spec.initContainers,
          volumes: spec.volumes,
        },
      };
    }
    default:
      return undefined;
  }
}

/** The container the Prometheus Operator generates for each of its pod-making kinds (v0.93). */
const OPERATOR_MAIN_CONTAINER: Record<string, string> = {
  Prometheus: 'prometheus',
  PrometheusAgent: 'prometheus',
  Alertmanager: 'alertmanager',
  ThanosRuler: 'thanos-ruler',
};

/**
 * The Prometheus Operator (v0.93) writes this context on the main container and its config-reloader and
 * thanos sidecars; a `spec.containers` entry of the same name is merged over it (strategic merge).
 */
const OPERATOR_CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

export function podsOf(objects: readonly RenderedObject[], defaultNamespace: string): PodOf[] {
  return objects.flatMap((object) => {
    const template = templateOf(object);
    if (!template) return [];
    const hook = object.metadata.annotations?.['helm.sh/hook'];
    return [
      {
        id: `${object.kind}/${object.metadata.name}`,
        kind: object.kind,
        namespace: object.metadata.namespace ?? defaultNamespace,
        labels: template.labels as Record<string, string>,
        spec: template.spec as PodSpec,
        ...(hook ? { hook } : {}),
      },
    ];
  });
}
