import type { Release } from '@cdktf/provider-helm/lib/release';
import { Sleep } from '@cdktf/provider-time/lib/sleep';
import type { Construct } from 'constructs';
import { HelmAddOn } from '../addons/helm-addon';
import type { ClusterDescription } from '../contracts/cluster';
import { ObjectsRelease } from '../core/objects-release';
import { KARPENTER_NAMESPACE, KARPENTER_SERVICE_ACCOUNT } from './karpenter-infra';
import { karpenterObjects, type KarpenterPoolSpec } from './karpenter-node-pools';

export const KARPENTER_ADDON_ID = 'karpenter';
export const KARPENTER_CRD_ADDON_ID = 'karpenter-crd';
/** Controller and CRD charts are released together; keep them on one version. */
export const KARPENTER_CHART_VERSION = '1.14.1';
const KARPENTER_REPOSITORY = 'oci://public.ecr.aws/karpenter';
/** How long Karpenter keeps running after its NodePools are deleted: a drain plus an instance termination. */
export const NODE_TERMINATION_WAIT = '300s';

/**
 * Karpenter's CRDs as their own release (chart `karpenter-crd`): Helm installs a chart's `crds/` once and
 * never upgrades them, so a separate release is what keeps NodePool/EC2NodeClass schemas in step with the
 * controller on upgrades. It owns the `karpenter` namespace.
 */
export class KarpenterCrdAddOn extends HelmAddOn {
  constructor() {
    super({
      id: KARPENTER_CRD_ADDON_ID,
      chart: 'karpenter-crd',
      repository: KARPENTER_REPOSITORY,
      version: KARPENTER_CHART_VERSION,
      namespace: KARPENTER_NAMESPACE,
      // The namespace's policies serve the controller (installed into it by the karpenter add-on): the EC2,
      // pricing, SSM and SQS APIs with its Pod Identity.
      network: { internet: true, cloudIdentity: true },
    });
  }
}

export interface KarpenterAddOnProps {
  readonly clusterName: string;
  readonly environmentName: string;
  /** The cluster's API endpoint (a cluster-stack reference): saves Karpenter a DescribeCluster call. */
  readonly clusterEndpoint: string;
  /** Name of the SQS interruption queue (a cluster-stack reference). */
  readonly interruptionQueue: string;
  /** Name of the node instance profile (a cluster-stack reference). */
  readonly instanceProfile: string;
  readonly pools: readonly KarpenterPoolSpec[];
  /** Extra chart values, deep-merged. @default {} */
  readonly values?: Readonly<Record<string, unknown>>;
}

/**
 * Karpenter, contributed by the EKS flavour: the controller on the `core` nodes (Pod Identity, no
 * annotations), after its CRDs, then its EC2NodeClasses and NodePools through the objects chart.
 */
export class KarpenterAddOn extends HelmAddOn {
  private readonly karpenter: KarpenterAddOnProps;

  constructor(props: KarpenterAddOnProps) {
    super({
      id: KARPENTER_ADDON_ID,
      chart: 'karpenter',
      repository: KARPENTER_REPOSITORY,
      version: KARPENTER_CHART_VERSION,
      namespace: KARPENTER_NAMESPACE,
      manageNamespace: false,
      dependsOn: [KARPENTER_CRD_ADDON_ID],
      provides: ['worker-capacity'],
      values: props.values,
    });
    this.karpenter = props;
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT },
      nodeSelector: { 'kubernetes.io/os': 'linux', ...cluster.nodePools.core.labels },
      controller: { resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } },
      settings: {
        clusterName: this.karpenter.clusterName,
        clusterEndpoint: this.karpenter.clusterEndpoint,
        interruptionQueue: this.karpenter.interruptionQueue,
      },
    };
  }

  protected override afterRelease(scope: Construct, _cluster: ClusterDescription, release: Release): void {
    // On destroy the NodePools go first; Karpenter then drains and terminates their nodes, which outlasts the
    // uninstall of the NodePools release. The controller waits this long before it is removed itself, so no
    // EC2 instance is left behind with a NodeClaim nobody finalizes.
    const drain = new Sleep(scope, 'node-termination', {
      destroyDuration: NODE_TERMINATION_WAIT,
      dependsOn: [release],
    });
    new ObjectsRelease(scope, 'node-pools', {
      releaseName: 'karpenter-node-pools',
      namespace: KARPENTER_NAMESPACE,
      objects: karpenterObjects({
        clusterName: this.karpenter.clusterName,
        environmentName: this.karpenter.environmentName,
        instanceProfile: this.karpenter.instanceProfile,
        pools: this.karpenter.pools,
      }),
      // NodePools are deleted first on destroy, while the controller still runs to terminate their nodes.
      dependsOn: [release, drain],
    });
  }
}
