import type { NodePoolSelector, NodePoolsDescription, Taint } from '../../lib/contracts/cluster';
import type { PodSpec, Toleration } from './pods';

/** Which pools a pod must be able to run on: one pool, or every pool (node agents, DaemonSets). */
export type PoolName = keyof NodePoolsDescription;
export type Placement = PoolName | 'every-pool';

function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists')
    return toleration.key === undefined || toleration.key === '' || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

function untolerated(spec: PodSpec, pool: NodePoolSelector): Taint[] {
  return pool.taints
    .filter((taint) => taint.effect !== 'PreferNoSchedule')
    .filter((taint) => !(spec.tolerations ?? []).some((t) => tolerates(t, taint)));
}

type Json = Record<string, unknown>;
interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** Labels the kubelet puts on every node of every pool (all pools here are Linux). */
const WELL_KNOWN_LABELS = { 'kubernetes.io/os': 'linux' };

/** Whether a node carrying `labels` satisfies the pod's nodeSelector and required node affinity. */
function selects(spec: PodSpec, poolLabels: Readonly<Record<string, string>>): boolean {
  const labels: Record<string, string> = { ...WELL_KNOWN_LABELS, ...poolLabels };
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) if (labels[key] !== value) return false;
  const required = (((spec.affinity as Json | undefined)?.nodeAffinity as Json | undefined)
    ?.requiredDuringSchedulingIgnoredDuringExecution ?? undefined) as { nodeSelectorTerms?: Json[] } | undefined;
  const terms = required?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return true;
  return terms.some((term) =>
    ((term.matchExpressions as Requirement[] | undefined) ?? []).every((r) => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.operator) {
        case 'In':
          return has && (r.values ?? []).includes(labels[r.key]);
        case 'NotIn':
          return !has || !(r.values ?? []).includes(labels[r.key]);
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        default:
          return false;
      }
    }),
  );
}

/**
 * Why the pod cannot run where it must; empty when it can. A pod bound to one pool must select that pool's
 * labels (so it lands nowhere else) and tolerate its taints; a pod for every pool must tolerate every pool's
 * taints and select them all.
 */
export function placementProblems(
  spec: PodSpec,
  placement: Placement,
  pools: NodePoolsDescription,
  runtimeNodeLabels: Readonly<Record<string, string>> = {},
): string[] {
  const problems: string[] = [];
  const entries = Object.entries(pools)
    .filter((e): e is [PoolName, NodePoolSelector] => e[1] !== undefined)
    .map(([name, pool]): [PoolName, NodePoolSelector] =>
      name === placement ? [name, { ...pool, labels: { ...pool.labels, ...runtimeNodeLabels } }] : [name, pool],
    );
  const targets = placement === 'every-pool' ? entries : entries.filter(([name]) => name === placement);
  if (targets.length === 0) return [`the cluster has no ${placement} pool`];
  for (const [name, pool] of targets) {
    if (!selects(spec, pool.labels)) {
      problems.push(
        `does not select the ${name} pool (${JSON.stringify(pool.labels)}): nodeSelector ${JSON.stringify(spec.nodeSelector ?? {})}`,
      );
    }
    const missing = untolerated(spec, pool);
    if (missing.length > 0) {
      problems.push(
        `does not tolerate the ${name} pool's ${missing.map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`).join(', ')}`,
      );
    }
  }
  if (placement !== 'every-pool') {
    const elsewhere = entries.filter(
      ([name, pool]) => name !== placement && selects(spec, pool.labels) && untolerated(spec, pool).length === 0,
    );
    if (elsewhere.length > 0) problems.push(`may also land on the ${elsewhere.map(([n]) => n).join(', ')} pool`);
  }
  return problems;
}

/** Containers (init containers too) without CPU and memory requests. */
export function missingRequests(spec: PodSpec): string[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])]
    .filter((c) => c.resources?.requests?.cpu === undefined || c.resources?.requests?.memory === undefined)
    .map((c) => `container ${c.name ?? '?'} has no cpu and memory requests`);
}
