import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import type { Release } from '@cdktf/provider-helm/lib/release';
import { dependable, Fn, type ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { RESTRICTED_CONTAINER, resources } from '../../addons/common';
import { HelmAddOn } from '../../addons/helm-addon';
import type { ClusterDescription } from '../../contracts/cluster';
import { HCLOUD_CCM_ADDON_ID } from './cloud-controller-manager';
import { HCLOUD_SECRET } from '../hcloud-secret';
import { CLUSTER_AUTOSCALER } from '../versions';

export const CLUSTER_AUTOSCALER_ADDON_ID = 'cluster-autoscaler';
/** Secret with the node-group configuration: it carries the worker machine configuration (join token). */
export const AUTOSCALER_CONFIG_SECRET = 'cluster-autoscaler-hcloud';
const NAMESPACE = 'kube-system';

export interface AutoscaledGroup {
  /** Node group name; servers are named after it. */
  readonly name: string;
  readonly serverType: string;
  readonly location: string;
  readonly minSize: number;
  readonly maxSize: number;
}

export interface ClusterAutoscalerAddOnProps {
  readonly groups: readonly AutoscaledGroup[];
  /** Talos snapshot ids by Hetzner architecture name (cluster-stack references). */
  readonly imagesForArch: Readonly<Partial<Record<'amd64' | 'arm64', string>>>;
  /** The worker machine configuration new servers boot with (sensitive, a cluster-stack reference). */
  readonly workerConfiguration: string;
  readonly networkId: string;
  readonly firewallId: string;
  /** Extra chart values, deep-merged. @default {} */
  readonly values?: Readonly<Record<string, unknown>>;
}

/**
 * The cluster-autoscaler with its Hetzner provider: it owns the `worker` pool, creating servers from the
 * Talos snapshot with the worker configuration as user data (Talos joins on first boot) and deleting idle
 * ones. Terraform never creates worker servers, so the two never fight over them.
 */
export class ClusterAutoscalerAddOn extends HelmAddOn {
  private readonly autoscaler: ClusterAutoscalerAddOnProps;
  private configSecret?: SecretV1;

  constructor(props: ClusterAutoscalerAddOnProps) {
    super({
      id: CLUSTER_AUTOSCALER_ADDON_ID,
      chart: CLUSTER_AUTOSCALER.chart,
      repository: CLUSTER_AUTOSCALER.repository,
      version: CLUSTER_AUTOSCALER.version,
      namespace: NAMESPACE,
      manageNamespace: false,
      dependsOn: [HCLOUD_CCM_ADDON_ID],
      provides: ['worker-capacity'],
      values: props.values,
    });
    this.autoscaler = props;
  }

  public override install(scope: Construct, cluster: ClusterDescription): readonly ITerraformDependable[] {
    const worker = cluster.nodePools.worker;
    const nodeConfigs = Object.fromEntries(
      this.autoscaler.groups.map((group) => [
        group.name,
        { cloudInit: this.autoscaler.workerConfiguration, labels: { ...worker.labels }, taints: [...worker.taints] },
      ]),
    );
    const secret = new SecretV1(scope, 'node-group-config', {
      metadata: { name: AUTOSCALER_CONFIG_SECRET, namespace: NAMESPACE },
      data: {
        HCLOUD_CLUSTER_CONFIG: Fn.base64encode(
          Fn.jsonencode({ imagesForArch: { ...this.autoscaler.imagesForArch }, nodeConfigs }),
        ),
      },
    });
    this.configSecret = secret;
    return super.install(scope, cluster);
  }

  /** The autoscaler crash-loops without its node-group configuration: the Secret comes first. */
  protected override afterRelease(_scope: Construct, _cluster: ClusterDescription, release: Release): void {
    if (this.configSecret) release.dependsOn = [...(release.dependsOn ?? []), dependable(this.configSecret)];
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      cloudProvider: 'hetzner',
      image: { tag: `v${CLUSTER_AUTOSCALER.appVersion}` },
      autoscalingGroups: this.autoscaler.groups.map((group) => ({
        name: group.name,
        minSize: group.minSize,
        maxSize: group.maxSize,
        instanceType: group.serverType.toUpperCase(),
        region: group.location.toUpperCase(),
      })),
      extraEnv: {
        HCLOUD_NETWORK: this.autoscaler.networkId,
        HCLOUD_FIREWALL: this.autoscaler.firewallId,
        // Like the Terraform-made servers: IPv4 egress (ghcr.io has no IPv6), closed inbound by the firewall.
        HCLOUD_PUBLIC_IPV4: 'true',
        HCLOUD_PUBLIC_IPV6: 'true',
      },
      extraEnvSecrets: {
        HCLOUD_TOKEN: { name: HCLOUD_SECRET.name, key: HCLOUD_SECRET.token },
        HCLOUD_CLUSTER_CONFIG: { name: AUTOSCALER_CONFIG_SECRET, key: 'HCLOUD_CLUSTER_CONFIG' },
      },
      nodeSelector: { ...cluster.nodePools.core.labels },
      securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
      containerSecurityContext: RESTRICTED_CONTAINER,
      resources: resources('50m', '128Mi', '512Mi'),
      extraArgs: { 'balance-similar-node-groups': true, 'skip-nodes-with-local-storage': false },
    };
  }
}
