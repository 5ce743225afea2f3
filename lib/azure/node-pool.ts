import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import { Construct } from 'constructs';
import type { NodePoolConfig } from '../config/schema';
import type { Taint } from '../contracts/cluster';
import { UPGRADE_SETTINGS } from './aks-cluster';

/** AKS puts this taint on every spot node itself; the contract passes it on so pods can tolerate it. */
export const AKS_SPOT_TAINT: Taint = {
  key: 'kubernetes.azure.com/scalesetpriority',
  value: 'spot',
  effect: 'NoSchedule',
};

/**
 * AKS labels every spot node with this as well; azurerm computes `node_labels` only when none are set, so a
 * pool with the `node-type` label must declare it or every plan shows its removal.
 */
export const AKS_SPOT_LABEL = { 'kubernetes.azure.com/scalesetpriority': 'spot' } as const;

export interface AksNodePoolProps {
  readonly clusterId: string;
  /** AKS pool name: lower-case letters and digits, at most 12. */
  readonly pool: 'worker' | 'gpu';
  readonly config: NodePoolConfig;
  readonly zones: readonly string[];
  readonly subnetId: string;
  readonly kubernetesVersion: string;
  readonly labels: Readonly<Record<string, string>>;
  /** All taints, the spot taint included: AKS adds it anyway, and leaving it out makes a perpetual diff. */
  readonly taints: readonly Taint[];
  readonly hostEncryption: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** A user pool scaled by the cluster autoscaler between the configured bounds (down to zero where allowed). */
export class AksNodePool extends Construct {
  public readonly nodePool: KubernetesClusterNodePool;

  constructor(scope: Construct, id: string, props: AksNodePoolProps) {
    super(scope, id);
    const spot = props.config.spot;
    this.nodePool = new KubernetesClusterNodePool(this, 'node-pool', {
      name: props.pool,
      kubernetesClusterId: props.clusterId,
      mode: 'User',
      vmSize: props.config.instanceTypes[0],
      zones: [...props.zones],
      vnetSubnetId: props.subnetId,
      orchestratorVersion: props.kubernetesVersion,
      autoScalingEnabled: true,
      minCount: props.config.minSize,
      maxCount: props.config.maxSize,
      nodeCount: props.config.desiredSize ?? props.config.minSize,
      nodeLabels: { ...props.labels, ...(spot ? AKS_SPOT_LABEL : {}) },
      nodeTaints: props.taints.map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`),
      nodePublicIpEnabled: false,
      hostEncryptionEnabled: props.hostEncryption,
      osSku: 'AzureLinux',
      osDiskType: 'Managed',
      osDiskSizeGb: props.config.diskSizeGiB,
      maxPods: 110,
      priority: spot ? 'Spot' : 'Regular',
      evictionPolicy: spot ? 'Delete' : undefined,
      // -1: pay up to the on-demand price, so nodes are evicted for capacity, never for price.
      spotMaxPrice: spot ? -1 : undefined,
      gpuDriver: props.pool === 'gpu' ? 'Install' : undefined,
      // Spot pools cannot surge; AKS refuses upgrade settings on them.
      upgradeSettings: spot ? undefined : { ...UPGRADE_SETTINGS },
      tags: { ...props.tags },
      lifecycle: { ignoreChanges: ['node_count'] },
    });
  }
}
