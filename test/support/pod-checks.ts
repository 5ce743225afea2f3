import type { ClusterDescription } from '../../lib/contracts/cluster';
import type { WorkloadName } from '../../lib/contracts/workloads';
import type { StackDocument } from '../../lib/policies/types';
import { effectiveValues, holds, predictPod, resolveField, type ChartInventory, type Component } from './inventory';
import { podSecurityViolations, type PodSecurityLevel } from './pod-security';
import { missingRequests, placementProblems } from './placement';
import type { PodSpec } from './pods';
import { enforcedLevel, limitRangeDefaultsOf, type SynthesizedRelease } from './releases';

/**
 * Pod Security level of a namespace: what the stack's own namespace enforces, the cloud's exemption for
 * kube-system (EKS and AKS label it privileged, Talos exempts it), and `restricted` for anything else.
 */
export function levelOf(document: StackDocument, namespace: string): PodSecurityLevel {
  if (namespace === 'kube-system') return 'privileged';
  return (enforcedLevel(document, namespace) as PodSecurityLevel | undefined) ?? 'restricted';
}

/** Everything that keeps one pod from running where and how the project requires. */
export function podProblems(
  spec: PodSpec,
  labels: Readonly<Record<string, string>>,
  component: Pick<Component, 'placement' | 'runtimeNodeLabels' | 'workload'>,
  level: PodSecurityLevel,
  cluster: ClusterDescription,
  defaultRequests?: { cpu: string; memory: string },
): string[] {
  const identity = component.workload ? (cluster.workloads[component.workload as WorkloadName]?.podLabels ?? {}) : {};
  return [
    ...podSecurityViolations(spec, level).map((p) => `Pod Security ${level}: ${p}`),
    ...placementProblems(spec, component.placement, cluster.nodePools, component.runtimeNodeLabels),
    ...missingRequests(withDefaultRequests(spec, defaultRequests)),
    ...Object.entries(identity)
      .filter(([key, value]) => labels[key] !== value)
      .map(([key, value]) => `lacks the identity label ${key}=${value} its ${component.workload} workload needs`),
  ];
}

/** The pod as admission leaves it: a LimitRange gives containers without requests its defaults. */
function withDefaultRequests(spec: PodSpec, defaults?: { cpu: string; memory: string }): PodSpec {
  if (!defaults) return spec;
  const fill = <C extends { resources?: { requests?: Record<string, unknown> } }>(c: C): C =>
    c.resources?.requests?.cpu !== undefined && c.resources.requests.memory !== undefined
      ? c
      : { ...c, resources: { ...c.resources, requests: { ...defaults, ...c.resources?.requests } } };
  return {
    ...spec,
    initContainers: spec.initContainers?.map(fill),
    containers: spec.containers?.map(fill),
  };
}

/** The problems of every pod a release installs, predicted from its values through the chart inventory. */
export function releasePodProblems(
  release: SynthesizedRelease,
  inventory: ChartInventory,
  document: StackDocument,
  cluster: ClusterDescription,
): string[] {
  const values = effectiveValues(inventory, release.values);
  return inventory.components
    .filter((component) => component.hook !== 'test' && holds(component.when, values))
    .flatMap((component) => {
      const { spec, labels } = predictPod(component, values);
      const namespace = resolveField(component.namespace, values);
      const podNamespace = typeof namespace === 'string' && namespace ? namespace : release.namespace;
      const level = levelOf(document, podNamespace);
      const defaults = limitRangeDefaultsOf(document, podNamespace);
      return podProblems(spec, labels, component, level, cluster, defaults).map(
        (problem) => `${component.id.replace('{release}', release.name)}: ${problem}`,
      );
    });
}
