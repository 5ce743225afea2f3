import type { Construct } from 'constructs';
import type { ClusterDescription, VeleroBackupLocation } from '../../contracts/cluster';
import { WORKLOADS } from '../../contracts/workloads';
import { HotError } from '../../core/errors';
import { onCorePool, podLabelsFor, resources, serviceAccountFor } from '../common';
import { HelmAddOn, type SensitiveValue } from '../helm-addon';

/** The AWS object-store plugin paired with Velero 1.18 (chart 12.1.0); it speaks to any S3-compatible store. */
export const VELERO_AWS_PLUGIN_IMAGE = 'velero/velero-plugin-for-aws:v1.14.2';

/**
 * Where backups go: the flavour's own location (Azure Blob), or the S3-compatible `backups` bucket through the
 * AWS plugin. Undefined when the cluster offers neither.
 */
export function veleroLocationOf(cluster: ClusterDescription): VeleroBackupLocation | undefined {
  if (cluster.veleroBackupLocation) return cluster.veleroBackupLocation;
  const storage = cluster.objectStorage;
  const bucket = storage.buckets.backups;
  if (!bucket) return undefined;
  return {
    provider: 'aws',
    pluginImage: VELERO_AWS_PLUGIN_IMAGE,
    bucket: bucket.name,
    config: { region: storage.region, s3Url: storage.endpoint, s3ForcePathStyle: String(storage.forcePathStyle) },
  };
}

export interface VeleroAddOnProps {
  /** Five-field cron, UTC. */
  readonly schedule: string;
  readonly retentionDays: number;
}

/**
 * Velero with file-system backup (Kopia) of every volume to the contract's backups bucket: Hetzner volumes
 * have no snapshots, and file-level backups restore on any cloud. A daily schedule keeps `retentionDays`.
 */
export class VeleroAddOn extends HelmAddOn {
  private readonly settings: VeleroAddOnProps;

  constructor(props: VeleroAddOnProps) {
    super({
      id: 'velero',
      chart: 'velero',
      repository: 'https://vmware-tanzu.github.io/helm-charts',
      version: '12.1.0',
      namespace: WORKLOADS.velero.namespace,
      podSecurityException: {
        level: 'privileged',
        reason: 'The node agent mounts /var/lib/kubelet/pods from the host to back up volume files.',
      },
    });
    this.settings = props;
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const location = veleroLocationOf(cluster);
    if (!location) {
      throw new HotError({
        setting: `cluster ${cluster.environment}.objectStorage.buckets.backups`,
        fix: 'is missing and the cluster names no veleroBackupLocation; the flavour must provide one of them',
      });
    }
    const staticKeys = cluster.workloads.velero?.staticKeys !== undefined;
    return {
      initContainers: [
        {
          name: location.pluginImage.split('/').pop()?.split(':')[0],
          image: location.pluginImage,
          imagePullPolicy: 'IfNotPresent',
          volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
        },
      ],
      configuration: {
        backupStorageLocation: [
          {
            name: 'default',
            provider: location.provider,
            bucket: location.bucket,
            prefix: WORKLOADS.velero.objects.prefix,
            default: true,
            config: { ...location.config },
          },
        ],
        volumeSnapshotLocation: [],
        uploaderType: 'kopia',
        defaultVolumesToFsBackup: true,
      },
      snapshotsEnabled: false,
      deployNodeAgent: true,
      credentials: { useSecret: staticKeys },
      serviceAccount: { server: { create: true, ...serviceAccountFor(cluster, 'velero') } },
      podLabels: podLabelsFor(cluster, 'velero'),
      resources: resources('100m', '512Mi', '1Gi'),
      ...onCorePool(cluster),
      schedules: {
        daily: {
          schedule: this.settings.schedule,
          useOwnerReferencesInBackup: false,
          template: {
            ttl: `${this.settings.retentionDays * 24}h0m0s`,
            includedNamespaces: ['*'],
            storageLocation: 'default',
            defaultVolumesToFsBackup: true,
          },
        },
      },
    };
  }

  protected override sensitiveValues(_scope: Construct, cluster: ClusterDescription): SensitiveValue[] {
    const keys = cluster.workloads.velero?.staticKeys;
    if (!keys) return [];
    return [
      {
        name: 'credentials.secretContents.cloud',
        value: `[default]\naws_access_key_id=${keys.accessKeyId}\naws_secret_access_key=${keys.secretAccessKey}\n`,
      },
    ];
  }
}
