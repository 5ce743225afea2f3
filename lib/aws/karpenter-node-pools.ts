import type { IEC2NodeClass } from '@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass';
import type { INodePool } from '@kubernetes-models/karpenter/karpenter.sh/v1/NodePool';
import type { NodePoolConfig } from '../config/schema-parts';
import type { NodePoolSelector } from '../contracts/cluster';
import type { KubernetesObject } from '../core/objects-release';
import { DISCOVERY_TAG } from './karpenter-infra';

/**
 * The AL2023 EKS-optimized image release Karpenter launches, pinned: `@latest` would roll a new image onto
 * production nodes unreviewed. Seen in awslabs/amazon-eks-ami release v20261112 (AL2023 standard and NVIDIA
 * images for Kubernetes 1.33-1.37). Bump it on purpose; Karpenter then replaces nodes as drift, within budgets.
 */
export const KARPENTER_AMI_ALIAS = 'al2023@v20261112';

/** GiB of memory per vCPU by instance family letter (EC2 naming), for limits derived from pool sizes. */
const MEMORY_PER_VCPU_GIB: Readonly<Record<string, number>> = { c: 2, m: 4, r: 8, t: 4, g: 4, p: 8, x: 16, z: 8 };

/** vCPUs of an instance size: `large` = 2, `xlarge` = 4, `<n>xlarge` = 4n, `medium` = 1. */
export function vcpusOf(instanceType: string): number {
  const size = instanceType.split('.')[1] ?? '';
  if (size === 'medium') return 1;
  if (size === 'large') return 2;
  if (size === 'xlarge' || size === 'metal') return 4;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? 4 * Number(multiple[1]) : 2;
}

/**
 * Karpenter limits from the pool settings: `maxSize` nodes of the largest configured type, so a pool never
 * grows past what `maxSize` allows with the old node-group model (cpu in vCPU, memory in GiB).
 */
export function karpenterLimits(config: NodePoolConfig): { cpu: string; memory: string } {
  const sizes = config.instanceTypes.map((type) => {
    const vcpus = vcpusOf(type);
    return { vcpus, memoryGiB: vcpus * (MEMORY_PER_VCPU_GIB[type[0]] ?? 4) };
  });
  const cpu = Math.max(...sizes.map((s) => s.vcpus)) * config.maxSize;
  const memoryGiB = Math.max(...sizes.map((s) => s.memoryGiB)) * config.maxSize;
  return { cpu: String(cpu), memory: `${memoryGiB}Gi` };
}

export interface KarpenterPoolSpec {
  readonly name: 'worker' | 'gpu';
  readonly config: NodePoolConfig;
  readonly selector: NodePoolSelector;
}

export interface KarpenterObjectsProps {
  readonly clusterName: string;
  readonly environmentName: string;
  /** Name of the node instance profile, made in the cluster stack (a reference there). */
  readonly instanceProfile: string;
  readonly pools: readonly KarpenterPoolSpec[];
}

/**
 * One EC2NodeClass and one NodePool per Karpenter pool (`worker`, optional `gpu`), typed by the Karpenter v1
 * models (type-only: the model package is ESM-only, and its runtime validators would reject the Terraform
 * tokens these objects carry).
 */
export function karpenterObjects(props: KarpenterObjectsProps): KubernetesObject[] {
  return props.pools.flatMap((pool) => [nodeClass(props, pool), nodePool(pool)]);
}

function nodeClass(props: KarpenterObjectsProps, pool: KarpenterPoolSpec): IEC2NodeClass {
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: pool.name },
    spec: {
      instanceProfile: props.instanceProfile,
      amiSelectorTerms: [{ alias: KARPENTER_AMI_ALIAS }],
      subnetSelectorTerms: [{ tags: { [DISCOVERY_TAG]: props.clusterName } }],
      securityGroupSelectorTerms: [{ tags: { [DISCOVERY_TAG]: props.clusterName } }],
      // Same node hardening as the managed node group's launch template: pods cannot reach the node role.
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpProtocolIPv6: 'disabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 1,
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeSize: `${pool.config.diskSizeGiB}Gi`,
            volumeType: 'gp3',
            encrypted: true,
            deleteOnTermination: true,
          },
        },
      ],
      tags: { Name: `${props.environmentName}-${pool.name}`, 'node-type': pool.name },
    },
  };
}

function nodePool(pool: KarpenterPoolSpec): INodePool {
  const gpu = pool.name === 'gpu';
  const capacityTypes = pool.config.spot && !gpu ? ['spot', 'on-demand'] : ['on-demand'];
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: pool.name },
    spec: {
      template: {
        metadata: { labels: { ...pool.selector.labels } },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: pool.name },
          requirements: [
            { key: 'node.kubernetes.io/instance-type', operator: 'In', values: [...pool.config.instanceTypes] },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: capacityTypes },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
          ],
          taints: pool.selector.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
          expireAfter: '720h',
        },
      },
      limits: karpenterLimits(pool.config),
      disruption: gpu
        ? // GPU nodes are costly: remove them as soon as they are empty, so the pool scales to zero.
          { consolidationPolicy: 'WhenEmpty', consolidateAfter: '5m' }
        : {
            consolidationPolicy: 'WhenEmptyOrUnderutilized',
            consolidateAfter: '1m',
            budgets: [{ nodes: '10%' }],
          },
    },
  };
}
