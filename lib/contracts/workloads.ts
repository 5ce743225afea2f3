/**
 * In-cluster workloads that need cloud access, with the namespace and ServiceAccount they run as. Both halves
 * of an environment import this table: the cluster stack binds a cloud identity to exactly these
 * ServiceAccounts (EKS Pod Identity, Azure federated credentials) and the apps stack installs the workloads
 * under exactly these names. Renaming one here moves the binding in the same change.
 */
export const BUCKET_PURPOSES = ['backups', 'drone-tm', 'scaleodm', 'openaerialmap', 'fair'] as const;
export type BucketPurpose = (typeof BUCKET_PURPOSES)[number];

export interface WorkloadSpec {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Manages records in the environment's DNS zone (external-dns, cert-manager DNS-01). */
  readonly dns?: boolean;
  /** The bucket and key prefix this workload may read and write (no leading slash; "" = whole bucket). */
  readonly objects?: { readonly bucket: BucketPurpose; readonly prefix: string };
  /**
   * The workload's software signs S3 requests only with a static access key pair: it reads no cloud identity
   * (no web identity token, no container credentials endpoint). A flavour whose workloads otherwise get a role
   * hands this one S3 keys in `staticKeys` instead, scoped to the same bucket and prefix. @default false
   */
  readonly staticKeysOnly?: boolean;
  /**
   * Browsers upload to and download from the workload's bucket with presigned URLs from the app's pages: the
   * bucket answers CORS for the environment's origins. @default false
   */
  readonly browserUploads?: boolean;
}

export const WORKLOADS = {
  'external-dns': { namespace: 'external-dns', serviceAccount: 'external-dns', dns: true },
  'cert-manager': { namespace: 'cert-manager', serviceAccount: 'cert-manager', dns: true },
  velero: { namespace: 'velero', serviceAccount: 'velero', objects: { bucket: 'backups', prefix: 'velero' } },
  'drone-tm': {
    namespace: 'drone-tm',
    serviceAccount: 'drone-tm',
    objects: { bucket: 'drone-tm', prefix: '' },
    // minio-py 7.2.0: Minio(host, access_key, secret_key) takes keys only and sends anonymous requests without.
    staticKeysOnly: true,
    // Imagery goes from the browser straight to the bucket (presigned PUTs) and back.
    browserUploads: true,
  },
  scaleodm: {
    namespace: 'scaleodm',
    serviceAccount: 'scaleodm',
    objects: { bucket: 'scaleodm', prefix: '' },
    // ScaleODM 1.1.1 exits without AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and signs with them, workflow pods too.
    staticKeysOnly: true,
  },
  openaerialmap: {
    namespace: 'openaerialmap',
    serviceAccount: 'openaerialmap',
    objects: { bucket: 'openaerialmap', prefix: '' },
  },
  fair: { namespace: 'fair', serviceAccount: 'fair', objects: { bucket: 'fair', prefix: '' } },
} as const satisfies Record<string, WorkloadSpec>;

export type WorkloadName = keyof typeof WORKLOADS;
export const WORKLOAD_NAMES = Object.keys(WORKLOADS) as WorkloadName[];

/**
 * The namespaces of HOT apps with their own PostgreSQL (HOT-APPS.md), one CloudNativePG cluster each: the
 * default of every flavour's `databaseNamespaces`, which the cluster stack gives a backup identity and the
 * apps stack a database.
 */
export const DATABASE_NAMESPACES = [
  'tasking-manager',
  'field-tm',
  'odk-central',
  'drone-tm',
  'scaleodm',
  'fair',
  'openaerialmap',
  'login',
  'raw-data-api',
  'osm-sandbox-dashboard',
] as const;

/** The prefix under which every database of an environment archives, one folder per namespace. */
export const DATABASE_BACKUP_ROOT = 'cnpg';

/**
 * Databases (CloudNativePG clusters) back up to the `backups` bucket under `cnpg/<namespace>/`; their
 * ServiceAccount is the CNPG Cluster's name, which is `<namespace>-db` by the project's convention.
 */
export function databaseBackupPrefix(namespace: string): string {
  return `${DATABASE_BACKUP_ROOT}/${namespace}`;
}

/** A CloudNativePG cluster's ServiceAccount: the cluster's name, `<namespace>-db` by the same convention. */
export function databaseServiceAccount(namespace: string): string {
  return `${namespace}-db`;
}

/** The web origins that may use a bucket from the browser: every host of the environment's domain, or none. */
export function browserOriginsOf(purpose: BucketPurpose, baseDomain: string): string[] {
  const uploads = Object.values(WORKLOADS as Record<string, WorkloadSpec>).some(
    (spec) => spec.browserUploads === true && spec.objects?.bucket === purpose,
  );
  return uploads ? [`https://*.${baseDomain}`] : [];
}
