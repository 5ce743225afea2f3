import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { resources, tolerationsFor } from '../addons/common';
import type { ClusterDescription, DatabaseBackupLocation } from '../contracts/cluster';
import { archivesDatabase, sourceDatabasePath, type RestoreSource } from '../contracts/restore';
import { restoreKey } from '../core/restore-key';
import { HotError } from '../core/errors';
import { type KubernetesObject, ObjectsRelease } from '../core/objects-release';
import { generatedSecret } from './secrets';

/**
 * CloudNativePG's PostGIS operand images (cloudnative-pg/postgis-containers, `standard` variant: no Barman
 * Cloud inside, the plugin's sidecar archives), pinned by digest from that repository's image catalog
 * `image-catalogs/postgis-standard-trixie.yaml` at b29286a2 (2026-08-03).
 */
export const POSTGIS_IMAGES = {
  16: 'ghcr.io/cloudnative-pg/postgis:16.14-3.6.4-202608031108-standard-trixie@sha256:ac335edb6c8a52961ee4ffc14f831415d953be040cf6e4b7c8387ae83d9fc458',
  17: 'ghcr.io/cloudnative-pg/postgis:17.10-3.6.4-202608031108-standard-trixie@sha256:11e8d7f5e7d5b8f0a7a37f632f7146e93167fa7c1369e12e4c055cb57b3434b7',
  18: 'ghcr.io/cloudnative-pg/postgis:18.4-3.6.4-202608031108-standard-trixie@sha256:cd33541c84db4a2dd149e40b3baad430861eac01f76ba964ee20d3f750cb0e22',
} as const;
export type PostgresMajor = keyof typeof POSTGIS_IMAGES;

/** The Barman Cloud plugin's name, as the operator knows it. */
export const BARMAN_CLOUD_PLUGIN = 'barman-cloud.cloudnative-pg.io';

export interface DatabaseSpec {
  /** PostgreSQL major version the app supports (PostGIS 3.6 on each). */
  readonly postgresMajor: PostgresMajor;
  /** The database and its owner, as the app expects them. */
  readonly name: string;
  readonly owner: string;
  /** Extensions created in the app's database after initdb, in order. @default ['postgis'] */
  readonly extensions?: readonly string[];
  /**
   * Statements run as the superuser in the app's database after the extensions, once, at initdb (roles the
   * app's own migrations expect to find; a restored database brings them along). @default []
   */
  readonly initSql?: readonly string[];
  /**
   * What the owner holds beyond its database, which CloudNativePG keeps as declared (it revokes a membership
   * the managed role does not list): CREATEROLE, and the roles it is a member of. @default neither
   */
  readonly ownerGrants?: { readonly createRole: boolean; readonly memberOf: readonly string[] };
  /** @default 20 */
  readonly sizeGiB?: number;
  /** @default { cpu: '250m', memoryMiB: 1024 } */
  readonly resources?: { readonly cpu: string; readonly memoryMiB: number };
  /** PostgreSQL settings (`postgresql.parameters`). @default {} */
  readonly parameters?: Readonly<Record<string, string>>;
}

export interface AppDatabaseProps {
  readonly namespace: string;
  readonly spec: DatabaseSpec;
  readonly cluster: ClusterDescription;
  /** Two instances, a PodDisruptionBudget and anti-affinity; false: one instance, no PDB (it would block drains). */
  readonly highAvailability: boolean;
  /** Labels every database object and pod carries (cost labels). */
  readonly labels: Readonly<Record<string, string>>;
  /** The namespace (and its policies) first. */
  readonly dependsOn: ITerraformDependable[];
  /** Base backups, six-field cron in UTC (seconds first). @default '0 0 3 * * *' */
  readonly backupSchedule?: string;
  /** How long base backups and WAL are kept. @default 30 */
  readonly retentionDays?: number;
  /**
   * Bootstrap from this environment's archive of the same namespace (recovery to the end of its WAL), read
   * with its read-only key; the new cluster archives to its own location, never the source's. Ignored when the
   * source archives no database of this namespace. @default undefined (an empty database, initdb)
   */
  readonly restoreFrom?: RestoreSource;
}

/** The external cluster a restored database recovers from, as `bootstrap.recovery.source` names it. */
export const RESTORE_ORIGIN = 'origin';

/**
 * One app's PostGIS database: a CloudNativePG `Cluster` named `<namespace>-db` (its ServiceAccount, which the
 * flavour's database identity binds to, has the same name), WAL archived continuously and a daily base backup,
 * both through the Barman Cloud plugin to the location the contract gives this namespace.
 *
 * The owner's password is generated here (random provider, in state only) into the basic-auth Secret
 * `<namespace>-db-credentials`, which CloudNativePG bootstraps the owner from and keeps the role's password in
 * step with (a managed role): HOT's charts read fixed variable names from one Secret of their own and cannot
 * take the operator's generated one, so the app's Secret is built from the same value. Rotate with
 * `terraform apply -replace` of the password: both Secrets and the role follow.
 *
 * The objects are kept when their release is uninstalled (`helm.sh/resource-policy: keep`) and the release
 * itself cannot be destroyed by Terraform (`prevent_destroy`): dropping a database is a deliberate act.
 */
export class AppDatabase extends Construct {
  public readonly clusterName: string;
  /** The basic-auth Secret with the owner's credentials (`username`, `password`). */
  public readonly credentialsSecret: string;
  /** The owner's password, a Terraform reference (never a literal). */
  public readonly password: string;
  /** The read-write Service, `<cluster>-rw.<namespace>.svc`. */
  public readonly host: string;
  public readonly port = 5432;
  public readonly name: string;
  public readonly owner: string;
  public readonly release: ObjectsRelease;

  /** The environment this database was restored from, if any. */
  public readonly restoredFrom?: string;

  /** A connection URL with the owner's credentials, e.g. `postgresql+asyncpg` for SQLAlchemy's asyncpg. */
  public url(scheme = 'postgresql'): string {
    return `${scheme}://${this.owner}:${this.password}@${this.host}:${this.port}/${this.name}`;
  }

  constructor(scope: Construct, id: string, props: AppDatabaseProps) {
    super(scope, id);
    const { namespace, spec, cluster } = props;
    const location = cluster.databaseBackupLocation(namespace);
    if (!location) {
      throw new HotError({
        setting: `app database ${namespace}`,
        fix: `the ${cluster.cloud} cluster ${cluster.environment} gives namespace ${namespace} no backup location; add "${namespace}" to its databaseNamespaces, or list the app in apps.disabled`,
      });
    }
    this.clusterName = `${namespace}-db`;
    this.credentialsSecret = `${this.clusterName}-credentials`;
    this.host = `${this.clusterName}-rw.${namespace}.svc`;
    this.name = spec.name;
    this.owner = spec.owner;

    // Alphanumeric: it goes into connection URLs unescaped.
    this.password = generatedSecret(this, 'owner-password', 32);
    const prerequisites: ITerraformDependable[] = [
      ...props.dependsOn,
      new SecretV1(this, 'credentials', {
        metadata: { name: this.credentialsSecret, namespace, labels: { ...props.labels } },
        type: 'kubernetes.io/basic-auth',
        data: { username: spec.owner, password: this.password },
        dependsOn: props.dependsOn,
      }),
    ];
    const keysSecret = `${this.clusterName}-backup-keys`;
    if (location.credentials.kind === 'static-keys') {
      prerequisites.push(
        new SecretV1(this, 'backup-keys', {
          metadata: { name: keysSecret, namespace, labels: { ...props.labels } },
          data: {
            ACCESS_KEY_ID: location.credentials.accessKeyId,
            ACCESS_SECRET_KEY: location.credentials.secretAccessKey,
          },
          dependsOn: props.dependsOn,
        }),
      );
    }
    const objectStore = `${this.clusterName}-backups`;
    const source = props.restoreFrom && archivesDatabase(props.restoreFrom, namespace) ? props.restoreFrom : undefined;
    this.restoredFrom = source?.environment;
    const origin = source ? restoreOriginObjects(this, this.clusterName, source, props) : undefined;
    if (origin) prerequisites.push(origin.keys);
    this.release = new ObjectsRelease(this, 'objects', {
      releaseName: `${namespace}-database`,
      namespace,
      objects: [
        objectStoreObject(objectStore, namespace, location, keysSecret, props),
        ...(origin ? [origin.objectStore] : []),
        clusterObject(this.clusterName, objectStore, this.credentialsSecret, location, props, origin?.name),
        scheduledBackupObject(this.clusterName, namespace, props),
      ],
      preventDestroy: true,
      dependsOn: prerequisites,
    });
  }
}

const KEEP = { 'helm.sh/resource-policy': 'keep' };

/** The source's archive as an ObjectStore read with the key the source made for this environment. */
function restoreOriginObjects(
  scope: Construct,
  clusterName: string,
  source: RestoreSource,
  props: AppDatabaseProps,
): { name: string; objectStore: KubernetesObject; keys: SecretV1 } {
  const name = `${clusterName}-restore-source`;
  const key = restoreKey(scope, source);
  const keys = new SecretV1(scope, 'restore-source-keys', {
    metadata: { name, namespace: props.namespace, labels: { ...props.labels } },
    data: { ACCESS_KEY_ID: key.accessKeyId, ACCESS_SECRET_KEY: key.secretAccessKey, REGION: source.region },
    dependsOn: props.dependsOn,
  });
  const objectStore = {
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: { name, namespace: props.namespace, labels: { ...props.labels }, annotations: KEEP },
    spec: {
      configuration: {
        destinationPath: sourceDatabasePath(source, props.namespace),
        endpointURL: source.endpoint,
        s3Credentials: {
          accessKeyId: { name, key: 'ACCESS_KEY_ID' },
          secretAccessKey: { name, key: 'ACCESS_SECRET_KEY' },
          region: { name, key: 'REGION' },
        },
        wal: { maxParallel: 4 },
      },
      instanceSidecarConfiguration: { resources: resources('50m', '128Mi', '512Mi') },
    },
  } as KubernetesObject;
  return { name, objectStore, keys };
}

function credentialsOf(location: DatabaseBackupLocation, keysSecret: string): Record<string, unknown> {
  switch (location.credentials.kind) {
    case 'aws-identity':
      return { s3Credentials: { inheritFromIAMRole: true } };
    case 'azure-identity':
      return { azureCredentials: { inheritFromAzureAD: true } };
    case 'static-keys':
      return {
        s3Credentials: {
          accessKeyId: { name: keysSecret, key: 'ACCESS_KEY_ID' },
          secretAccessKey: { name: keysSecret, key: 'ACCESS_SECRET_KEY' },
        },
      };
  }
}

function objectStoreObject(
  name: string,
  namespace: string,
  location: DatabaseBackupLocation,
  keysSecret: string,
  props: AppDatabaseProps,
): KubernetesObject {
  return {
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: { name, namespace, labels: { ...props.labels }, annotations: KEEP },
    spec: {
      retentionPolicy: `${props.retentionDays ?? 30}d`,
      configuration: {
        destinationPath: location.destinationPath,
        ...(location.endpointUrl ? { endpointURL: location.endpointUrl } : {}),
        ...credentialsOf(location, keysSecret),
        wal: { compression: 'gzip', maxParallel: 4 },
        data: { compression: 'gzip', jobs: 2 },
      },
      instanceSidecarConfiguration: { resources: resources('50m', '128Mi', '512Mi') },
    },
  } as KubernetesObject;
}

function clusterObject(
  name: string,
  objectStore: string,
  credentials: string,
  location: DatabaseBackupLocation,
  props: AppDatabaseProps,
  restoreObjectStore?: string,
): KubernetesObject {
  const { spec, cluster, namespace } = props;
  const size = spec.resources ?? { cpu: '250m', memoryMiB: 1024 };
  const worker = cluster.nodePools.worker;
  const extensions = spec.extensions ?? ['postgis'];
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name, namespace, labels: { ...props.labels }, annotations: KEEP },
    spec: {
      instances: props.highAvailability ? 2 : 1,
      imageName: POSTGIS_IMAGES[spec.postgresMajor],
      // One instance with a PodDisruptionBudget could never be evicted: a node drain would hang on it.
      enablePDB: props.highAvailability,
      primaryUpdateStrategy: 'unsupervised',
      // A restored database has the source's extensions already; the managed role below resets the owner's
      // password to this environment's own.
      bootstrap: restoreObjectStore
        ? {
            recovery: { source: RESTORE_ORIGIN, database: spec.name, owner: spec.owner, secret: { name: credentials } },
          }
        : {
            initdb: {
              database: spec.name,
              owner: spec.owner,
              secret: { name: credentials },
              postInitApplicationSQL: [
                ...extensions.map((extension) => `CREATE EXTENSION IF NOT EXISTS "${extension}"`),
                ...(spec.initSql ?? []),
              ],
            },
          },
      // The source's server name is the same cluster name (one convention in every environment).
      ...(restoreObjectStore
        ? {
            externalClusters: [
              {
                name: RESTORE_ORIGIN,
                plugin: {
                  name: BARMAN_CLOUD_PLUGIN,
                  parameters: { barmanObjectName: restoreObjectStore, serverName: name },
                },
              },
            ],
          }
        : {}),
      postgresql: { parameters: { ...(spec.parameters ?? {}) } },
      // The owner's password follows its Secret after bootstrap too, so a rotation reaches the database.
      managed: {
        roles: [
          {
            name: spec.owner,
            ensure: 'present',
            login: true,
            passwordSecret: { name: credentials },
            ...(spec.ownerGrants
              ? { createrole: spec.ownerGrants.createRole, inRoles: [...spec.ownerGrants.memberOf] }
              : {}),
          },
        ],
      },
      storage: { size: `${spec.sizeGiB ?? 20}Gi`, storageClass: 'standard' },
      resources: {
        requests: { cpu: size.cpu, memory: `${size.memoryMiB}Mi` },
        limits: { memory: `${size.memoryMiB}Mi` },
      },
      affinity: {
        nodeSelector: { ...worker.labels },
        tolerations: tolerationsFor(worker),
        enablePodAntiAffinity: true,
        topologyKey: 'kubernetes.io/hostname',
        podAntiAffinityType: props.highAvailability ? 'required' : 'preferred',
      },
      // The database's identity (EKS Pod Identity binds by this name; Azure needs the annotation and label).
      serviceAccountTemplate: { metadata: { annotations: { ...location.serviceAccountAnnotations } } },
      inheritedMetadata: { labels: { ...props.labels, ...location.podLabels } },
      plugins: [{ name: BARMAN_CLOUD_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: objectStore } }],
    },
  } as KubernetesObject;
}

function scheduledBackupObject(clusterName: string, namespace: string, props: AppDatabaseProps): KubernetesObject {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'ScheduledBackup',
    metadata: { name: `${clusterName}-daily`, namespace, labels: { ...props.labels }, annotations: KEEP },
    spec: {
      schedule: props.backupSchedule ?? '0 0 3 * * *',
      immediate: true,
      backupOwnerReference: 'self',
      cluster: { name: clusterName },
      method: 'plugin',
      pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
    },
  } as KubernetesObject;
}
