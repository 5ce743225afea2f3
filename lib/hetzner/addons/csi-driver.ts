import { Password } from '@cdktf/provider-random/lib/password';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import type { Release } from '@cdktf/provider-helm/lib/release';
import { dependable, type ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { resources } from '../../addons/common';
import { HelmAddOn } from '../../addons/helm-addon';
import type { ClusterDescription } from '../../contracts/cluster';
import { HCLOUD_CCM_ADDON_ID } from './cloud-controller-manager';
import { HCLOUD_SECRET } from '../hcloud-secret';
import { HCLOUD_CSI } from '../versions';

export const HCLOUD_CSI_ADDON_ID = 'hcloud-csi';
export const HCLOUD_CSI_PROVISIONER = 'csi.hetzner.cloud';
/** The Secret holding the LUKS passphrase the CSI node plugin formats encrypted volumes with. */
export const VOLUME_ENCRYPTION_SECRET = 'hcloud-csi-encryption';
const NAMESPACE = 'kube-system';

/** StorageClass parameters that make the CSI driver LUKS-encrypt a volume with the generated passphrase. */
export function encryptedVolumeParameters(): Record<string, string> {
  return {
    'csi.storage.k8s.io/node-publish-secret-name': VOLUME_ENCRYPTION_SECRET,
    'csi.storage.k8s.io/node-publish-secret-namespace': NAMESPACE,
  };
}

/**
 * The Hetzner Cloud Volumes CSI driver. The chart's own StorageClass is off: the contract's `standard` and
 * `ephemeral` classes (with the same names on every cloud) point at it, encrypted with a generated passphrase.
 */
export class CsiDriverAddOn extends HelmAddOn {
  private encryptionSecret?: SecretV1;

  constructor(values?: Readonly<Record<string, unknown>>) {
    super({
      id: HCLOUD_CSI_ADDON_ID,
      chart: HCLOUD_CSI.chart,
      repository: HCLOUD_CSI.repository,
      version: HCLOUD_CSI.version,
      namespace: NAMESPACE,
      manageNamespace: false,
      dependsOn: [HCLOUD_CCM_ADDON_ID],
      provides: ['volumes'],
      values,
    });
  }

  public override install(scope: Construct, cluster: ClusterDescription): readonly ITerraformDependable[] {
    // Never rotated by Terraform: a new passphrase could not open volumes formatted with the old one.
    const passphrase = new Password(scope, 'encryption-passphrase', {
      length: 48,
      special: false,
      lifecycle: { preventDestroy: true },
    });
    this.encryptionSecret = new SecretV1(scope, 'encryption-secret', {
      metadata: { name: VOLUME_ENCRYPTION_SECRET, namespace: NAMESPACE },
      data: { 'encryption-passphrase': passphrase.result },
    });
    return super.install(scope, cluster);
  }

  /** The node plugin needs the passphrase for the first encrypted volume: the Secret comes first. */
  protected override afterRelease(_scope: Construct, _cluster: ClusterDescription, release: Release): void {
    if (this.encryptionSecret) release.dependsOn = [...(release.dependsOn ?? []), dependable(this.encryptionSecret)];
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const sidecar = resources('10m', '32Mi', '128Mi');
    return {
      storageClasses: [],
      controller: {
        replicaCount: 2,
        hcloudToken: { existingSecret: { name: HCLOUD_SECRET.name, key: HCLOUD_SECRET.token } },
        nodeSelector: { ...cluster.nodePools.core.labels },
        resources: {
          hcloudCSIDriver: resources('20m', '64Mi', '256Mi'),
          csiAttacher: sidecar,
          csiResizer: sidecar,
          csiProvisioner: sidecar,
          livenessProbe: sidecar,
        },
      },
      node: {
        resources: {
          hcloudCSIDriver: resources('20m', '64Mi', '256Mi'),
          csiNodeDriverRegistrar: sidecar,
          livenessProbe: sidecar,
        },
      },
    };
  }
}
