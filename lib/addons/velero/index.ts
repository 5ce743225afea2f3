import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { Bytes } from '@cdktf/provider-random/lib/bytes';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { TerraformOutput, type ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { stringify } from 'yaml';
import type { ClusterDescription, VeleroBackupLocation } from '../../contracts/cluster';
import { RESTORE_VARIABLES, type RestoreSource } from '../../contracts/restore';
import { WORKLOADS } from '../../contracts/workloads';
import { HotError } from '../../core/errors';
import { GeneratedPassword } from '../../core/generated-password';
import type { HotNamespace } from '../../core/namespace';
import { restoreKey } from '../../core/restore-key';
import { sensitiveVariable } from '../../core/sensitive-variable';
import { NODE_TYPE_LABEL } from '../../core/node-pools';
import { onCorePool, podLabelsFor, resources, serviceAccountFor } from '../common';
import { HelmAddOn } from '../helm-addon';

/** The AWS object-store plugin paired with Velero 1.18 (chart 12.1.0); it speaks to any S3-compatible store. */
export const VELERO_AWS_PLUGIN_IMAGE = 'velero/velero-plugin-for-aws:v1.14.2';

/**
 * Velero encrypts every Kopia repository with the password in this Secret, and creates it with its published
 * default (`static-passw0rd`, pkg/repository/keys) when it is missing: it must exist before Velero starts.
 */
export const REPOSITORY_PASSWORD_SECRET = { name: 'velero-repo-credentials', key: 'repository-password' } as const;
const CLOUD_CREDENTIALS_SECRET = 'velero-cloud-credentials';
/** The read-only key to the source's backups, in the AWS plugin's credentials-file format. */
const RESTORE_SOURCE_CREDENTIALS = { name: 'velero-restore-source-credentials', key: 'cloud' } as const;
/** The read-only location of the source's backups, beside the environment's own `default`. */
export const RESTORE_SOURCE_LOCATION = 'restore-source';

/**
 * The Schedule of `environment`'s daily backups (the chart names it `velero-<key>`). The environment is in
 * the name so a target that reads another environment's backups tells them from its own.
 */
export function veleroScheduleName(environment: string): string {
  return chartScheduleName(scheduleKey(environment));
}

/** The Schedule the chart makes of `schedules.<key>`: `<release fullname>-<key>`, the release being `velero`. */
export function chartScheduleName(key: string): string {
  return `velero-${key}`;
}

function scheduleKey(environment: string): string {
  return `${environment}-daily`;
}
/** The Schedule's volume policy (Velero resource policies, format v1). */
export const VOLUME_POLICY_CONFIG_MAP = 'velero-volume-policy';

/**
 * Volumes that have a backup of their own and must not be copied file by file: CloudNativePG's data, WAL and
 * tablespace volumes (labelled `cnpg.io/pvcRole`), which are live database files (not crash-consistent) and
 * already archived by Barman Cloud.
 */
export const SKIPPED_VOLUME_LABELS = ['PG_DATA', 'PG_WAL', 'PG_TABLESPACE'].map((role) => ({
  'cnpg.io/pvcRole': role,
}));

export function volumePolicy(): string {
  return stringify({
    version: 'v1',
    volumePolicies: SKIPPED_VOLUME_LABELS.map((pvcLabels) => ({ conditions: { pvcLabels }, action: { type: 'skip' } })),
  });
}

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

/**
 * The source's backups, never written: Velero makes no backup, deletion or maintenance there, and the key it
 * reads them with can do nothing else.
 */
function restoreSourceLocation(source: RestoreSource): Record<string, unknown> {
  return {
    name: RESTORE_SOURCE_LOCATION,
    provider: 'aws',
    bucket: source.bucket,
    prefix: WORKLOADS.velero.objects.prefix,
    default: false,
    accessMode: 'ReadOnly',
    credential: { ...RESTORE_SOURCE_CREDENTIALS },
    config: {
      region: source.region,
      s3Url: source.endpoint,
      s3ForcePathStyle: String(source.forcePathStyle),
      ...(source.customerKeyEncryption ? { customerKeyEncryptionFile: `${RESTORE_SOURCE_KEY_DIR}/customer-key` } : {}),
    },
  };
}

/** The source's SSE-C key, where its Velero objects are encrypted with one (a restore from Hetzner). */
const RESTORE_SOURCE_KEY_SECRET = 'velero-restore-source-customer-key';
const RESTORE_SOURCE_KEY_DIR = '/restore-source-key';

/** The SSE-C key: 32 random bytes, as a file (the plugin reads the first 32 bytes raw: never hex or base64). */
const CUSTOMER_KEY_SECRET = { name: 'velero-customer-key', key: 'customer-key' } as const;
const CUSTOMER_KEY_DIR = '/customer-key';
const CUSTOMER_KEY_PATH = `${CUSTOMER_KEY_DIR}/${CUSTOMER_KEY_SECRET.key}`;

/** Backups go to the S3 bucket of a store that wants a customer key (not to a flavour's own location). */
function encryptsWithCustomerKey(cluster: ClusterDescription): boolean {
  return cluster.objectStorage.customerKeyEncryption === true && cluster.veleroBackupLocation === undefined;
}

/**
 * Where the store keeps nothing encrypted itself, Velero's backups (resource manifests with every Secret, and
 * Kopia's already encrypted volume data) are written with SSE-C: the key is generated here, lives in the
 * cluster and in state, and is an output (`velero-customer-key`, base64) because a restore elsewhere needs it.
 */
function customerKey(scope: Construct, cluster: ClusterDescription, after?: ITerraformDependable[]) {
  if (!encryptsWithCustomerKey(cluster)) return [];
  const key = new Bytes(scope, 'customer-key', { length: 32 });
  new TerraformOutput(scope, 'velero-customer-key', {
    staticId: true,
    value: key.base64,
    sensitive: true,
    description:
      'SSE-C key (base64 of 32 bytes) of the Velero backups; a restore from them in another cluster needs it',
  });
  return [
    new SecretV1(scope, 'customer-key-secret', {
      metadata: { name: CUSTOMER_KEY_SECRET.name, namespace: WORKLOADS.velero.namespace },
      binaryData: { [CUSTOMER_KEY_SECRET.key]: key.base64 },
      dependsOn: after,
    }),
  ];
}

export interface VeleroAddOnProps {
  /** Five-field cron, UTC. */
  readonly schedule: string;
  readonly retentionDays: number;
  /**
   * Another environment whose backups this one reads through a `ReadOnly` location, to restore app volumes
   * from. Kopia opens a repository only with the password it was made with, so the source's password (the
   * sensitive variable `restore_source_velero_repository_password`) is this environment's too.
   * @default undefined (a password of its own, one location)
   */
  readonly restoreFrom?: RestoreSource;
}

/**
 * Velero with file-system backup (Kopia) of every volume to the contract's backups bucket: Hetzner volumes
 * have no snapshots, and file-level backups restore on any cloud. A daily schedule keeps `retentionDays`.
 * Kopia encrypts with a generated repository password (output `velero-repository-password`: a restore in
 * another cluster needs it), and volumes with a backup of their own (CloudNativePG) are skipped.
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
      // The object store, on the internet on every cloud.
      network: { internet: true, cloudIdentity: true },
      podSecurityException: {
        level: 'privileged',
        reason: 'The node agent mounts /var/lib/kubelet/pods from the host to back up volume files.',
      },
    });
    this.settings = props;
  }

  protected override beforeRelease(
    scope: Construct,
    cluster: ClusterDescription,
    namespace?: HotNamespace,
  ): ITerraformDependable[] {
    const namespaceOnly = namespace ? [namespace.namespace] : undefined;
    const source = this.settings.restoreFrom;
    const password = source
      ? sensitiveVariable(
          scope,
          RESTORE_VARIABLES.veleroRepositoryPassword,
          `Kopia repository password of ${source.environment}'s Velero backups (its output velero-repository-password)`,
        ).stringValue
      : new GeneratedPassword(scope, 'repository-password', { lengthChars: 48 }).value;
    new TerraformOutput(scope, 'velero-repository-password', {
      staticId: true,
      value: password,
      sensitive: true,
      description: 'Kopia repository password of the Velero backups; a restore from them in another cluster needs it',
    });
    const created: ITerraformDependable[] = [
      new SecretV1(scope, 'repository-password-secret', {
        metadata: { name: REPOSITORY_PASSWORD_SECRET.name, namespace: WORKLOADS.velero.namespace },
        data: { [REPOSITORY_PASSWORD_SECRET.key]: password },
        dependsOn: namespaceOnly,
      }),
      new ConfigMapV1(scope, 'volume-policy', {
        metadata: { name: VOLUME_POLICY_CONFIG_MAP, namespace: WORKLOADS.velero.namespace },
        data: { 'policy.yaml': volumePolicy() },
        dependsOn: namespaceOnly,
      }),
    ];
    created.push(...customerKey(scope, cluster, namespaceOnly));
    if (source) {
      const key = restoreKey(scope, source);
      created.push(
        new SecretV1(scope, 'restore-source-credentials', {
          metadata: { name: RESTORE_SOURCE_CREDENTIALS.name, namespace: WORKLOADS.velero.namespace },
          data: {
            [RESTORE_SOURCE_CREDENTIALS.key]: `[default]\naws_access_key_id=${key.accessKeyId}\naws_secret_access_key=${key.secretAccessKey}\n`,
          },
          dependsOn: namespaceOnly,
        }),
      );
      if (source.customerKeyEncryption) {
        const sourceCustomerKey = sensitiveVariable(
          scope,
          RESTORE_VARIABLES.veleroCustomerKey,
          `SSE-C key of ${source.environment}'s Velero backups, base64 (its output velero-customer-key)`,
        );
        created.push(
          new SecretV1(scope, 'restore-source-customer-key', {
            metadata: { name: RESTORE_SOURCE_KEY_SECRET, namespace: WORKLOADS.velero.namespace },
            binaryData: { 'customer-key': sourceCustomerKey.stringValue },
            dependsOn: namespaceOnly,
          }),
        );
      }
    }
    const keys = cluster.workloads.velero?.staticKeys;
    if (keys) {
      created.push(
        new SecretV1(scope, 'cloud-credentials', {
          metadata: { name: CLOUD_CREDENTIALS_SECRET, namespace: WORKLOADS.velero.namespace },
          data: {
            cloud: `[default]\naws_access_key_id=${keys.accessKeyId}\naws_secret_access_key=${keys.secretAccessKey}\n`,
          },
          dependsOn: namespaceOnly,
        }),
      );
    }
    return created;
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
    const sse = encryptsWithCustomerKey(cluster);
    const sseConfig = sse ? { customerKeyEncryptionFile: CUSTOMER_KEY_PATH } : {};
    // The server, the node agents (Kopia's uploads) and the maintenance Jobs (the server's volumes) read it.
    const source = this.settings.restoreFrom;
    const sourceKey = source?.customerKeyEncryption === true;
    const volumes = [
      ...(sse ? [{ name: 'customer-key', secret: { secretName: CUSTOMER_KEY_SECRET.name } }] : []),
      ...(sourceKey ? [{ name: 'restore-source-key', secret: { secretName: RESTORE_SOURCE_KEY_SECRET } }] : []),
    ];
    const mounts = [
      ...(sse ? [{ name: 'customer-key', mountPath: CUSTOMER_KEY_DIR, readOnly: true }] : []),
      ...(sourceKey ? [{ name: 'restore-source-key', mountPath: RESTORE_SOURCE_KEY_DIR, readOnly: true }] : []),
    ];
    const keyVolume = { extraVolumes: volumes, extraVolumeMounts: mounts };
    const podLabels = podLabelsFor(cluster, 'velero');
    return {
      // The source's backups are on S3: the AWS plugin beside the environment's own, where that differs.
      initContainers: [...new Set([location.pluginImage, ...(source ? [VELERO_AWS_PLUGIN_IMAGE] : [])])].map(
        (image) => ({
          name: image.split('/').pop()?.split(':')[0],
          image,
          imagePullPolicy: 'IfNotPresent',
          volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
          resources: resources('10m', '64Mi'),
        }),
      ),
      configuration: {
        backupStorageLocation: [
          {
            name: 'default',
            provider: location.provider,
            bucket: location.bucket,
            prefix: WORKLOADS.velero.objects.prefix,
            default: true,
            config: { ...location.config, ...sseConfig },
          },
          ...(source ? [restoreSourceLocation(source)] : []),
        ],
        volumeSnapshotLocation: [],
        uploaderType: 'kopia',
        defaultVolumesToFsBackup: true,
        repositoryMaintenanceJob: {
          repositoryConfigData: {
            global: {
              keepLatestMaintenanceJobs: 3,
              podResources: { cpuRequest: '100m', memoryRequest: '256Mi', memoryLimit: '1Gi' },
              // Maintenance Jobs take no nodeSelector from the server, only this affinity (and its
              // CriticalAddonsOnly toleration, where the core pool has that taint).
              loadAffinity: [
                {
                  nodeSelector: {
                    matchExpressions: [
                      {
                        key: NODE_TYPE_LABEL,
                        operator: 'In',
                        values: [cluster.nodePools.core.labels[NODE_TYPE_LABEL]],
                      },
                    ],
                  },
                },
              ],
            },
          },
        },
      },
      snapshotsEnabled: false,
      deployNodeAgent: true,
      nodeAgent: {
        // File-system backup reads volumes on whichever node mounts them: the agent runs on every pool.
        tolerations: [{ operator: 'Exists' }],
        podLabels,
        resources: resources('100m', '256Mi', '1Gi'),
        ...keyVolume,
      },
      credentials: staticKeys ? { useSecret: true, existingSecret: CLOUD_CREDENTIALS_SECRET } : { useSecret: false },
      serviceAccount: { server: { create: true, ...serviceAccountFor(cluster, 'velero') } },
      podLabels,
      resources: resources('100m', '512Mi', '1Gi'),
      upgradeJobResources: resources('50m', '128Mi', '256Mi'),
      ...keyVolume,
      ...onCorePool(cluster),
      schedules: {
        [scheduleKey(cluster.environment)]: {
          schedule: this.settings.schedule,
          useOwnerReferencesInBackup: false,
          template: {
            ttl: `${this.settings.retentionDays * 24}h0m0s`,
            includedNamespaces: ['*'],
            storageLocation: 'default',
            defaultVolumesToFsBackup: true,
            resourcePolicy: { kind: 'configmap', name: VOLUME_POLICY_CONFIG_MAP },
          },
        },
      },
    };
  }
}
