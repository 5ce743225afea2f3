import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { Password } from '@cdktf/provider-random/lib/password';
import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import type { Release } from '@cdktf/provider-helm/lib/release';
import { ACME_SOLVER_PORT, CLUSTER_ISSUER_PROD, INGRESS_CLASS, resources, tolerationsFor } from '../addons/common';
import { HelmAddOn } from '../addons/helm-addon';
import type { ClusterDescription, ObjectStorageDescription, WorkloadAccess } from '../contracts/cluster';
import { type BucketPurpose, WORKLOADS, type WorkloadName, type WorkloadSpec } from '../contracts/workloads';
import type { HotNamespace } from '../core/namespace';
import { publishHost } from '../core/published-hosts';

/**
 * Azure Blob has no S3 API, and DroneTM, ScaleODM, OpenAerialMap and fAIr speak only S3. This flavour runs
 * SeaweedFS (Apache-2.0, maintained, not Bitnami) in the cluster on `standard` Azure disks, exposing an S3
 * gateway inside the cluster and, through the shared ingress controller, at `s3.<baseDomain>`. Backups do not go
 * here: they go to Blob through workload identity.
 * Chart `seaweedfs` 4.44.0 from https://seaweedfs.github.io/seaweedfs/helm (k8s/charts/seaweedfs at tag 4.44,
 * published by the repository's helm release workflow); image chrislusf/seaweedfs:4.44 (the chart's appVersion).
 */
export const SEAWEEDFS = {
  chart: 'seaweedfs',
  repository: 'https://seaweedfs.github.io/seaweedfs/helm',
  version: '4.44.0',
  imageTag: '4.44',
  namespace: 'object-store',
  release: 'seaweedfs',
  s3Port: 8333,
  /** The S3 gateway's Service, as the chart names it (`<release>-s3`). */
  s3Service: 'seaweedfs-s3',
  /** The certificate of `s3.<baseDomain>`, written by cert-manager. */
  s3TlsSecret: 'seaweedfs-s3-tls',
  configSecret: 'seaweedfs-s3-config',
  /** Platform add-ons install before the project's StorageClasses, so the store brings its own (Retain). */
  storageClass: 'object-store',
} as const;

/** The app workloads that read and write an object-store bucket (everything in WORKLOADS with `objects`). */
export const S3_WORKLOADS = (Object.keys(WORKLOADS) as WorkloadName[]).filter((name) => {
  const spec: WorkloadSpec = WORKLOADS[name];
  return spec.objects !== undefined && spec.objects.bucket !== 'backups';
});

function bucketOf(workload: WorkloadName): BucketPurpose {
  const spec: WorkloadSpec = WORKLOADS[workload];
  if (!spec.objects) throw new Error(`workload ${workload} has no bucket`);
  return spec.objects.bucket;
}

/**
 * One generated S3 key pair per app workload, made in the cluster stack (random provider, never literal),
 * handed to the apps stack as sensitive cross-stack references through `workloads[...].staticKeys`.
 */
export class ObjectStoreCredentials extends Construct {
  public readonly keys: Readonly<Partial<Record<WorkloadName, NonNullable<WorkloadAccess['staticKeys']>>>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const keys: Partial<Record<WorkloadName, NonNullable<WorkloadAccess['staticKeys']>>> = {};
    for (const workload of S3_WORKLOADS) {
      const accessKeyId = new StringResource(this, `${workload}-access-key-id`, {
        length: 20,
        special: false,
        lower: false,
        upper: true,
        numeric: true,
      });
      const secretAccessKey = new Password(this, `${workload}-secret-access-key`, { length: 40, special: false });
      keys[workload] = { accessKeyId: accessKeyId.result, secretAccessKey: secretAccessKey.result };
    }
    this.keys = keys;
  }
}

/** Buckets are named like the app's purpose, prefixed so a bucket is never mistaken for a namespace. */
export function bucketName(purpose: BucketPurpose): string {
  return `hot-${purpose}`;
}

/** The S3 gateway's public name: one per environment, under its base domain. */
export function s3Host(baseDomain: string): string {
  return `s3.${baseDomain}`;
}

/**
 * What the contract says about the store: path-style, one bucket per app purpose, in-cluster HTTP for pods
 * that only call it, and the published name for apps that sign URLs for browsers.
 */
export function seaweedObjectStorage(baseDomain: string): ObjectStorageDescription {
  const buckets: Partial<Record<BucketPurpose, { name: string }>> = {};
  for (const workload of S3_WORKLOADS) buckets[bucketOf(workload)] = { name: bucketName(bucketOf(workload)) };
  return {
    endpoint: `http://${SEAWEEDFS.s3Service}.${SEAWEEDFS.namespace}.svc.cluster.local:${SEAWEEDFS.s3Port}`,
    publicEndpoint: `https://${s3Host(baseDomain)}`,
    // SeaweedFS ignores the region; S3 SDKs insist on one.
    region: 'us-east-1',
    forcePathStyle: true,
    buckets,
    inCluster: { namespace: SEAWEEDFS.namespace, port: SEAWEEDFS.s3Port },
  };
}

/**
 * The chart's own S3 Ingress (`ingress-seaweedfs-s3`, backend `seaweedfs-s3:8333`): the shared class, a
 * certificate from the production issuer.
 */
function s3IngressValues(host: string) {
  return {
    enabled: true,
    className: INGRESS_CLASS,
    host,
    path: '/',
    pathType: 'Prefix',
    annotations: { 'cert-manager.io/cluster-issuer': CLUSTER_ISSUER_PROD },
    tls: [{ secretName: SEAWEEDFS.s3TlsSecret, hosts: [host] }],
  };
}

/**
 * Browsers upload and download with presigned URLs from the apps' pages, cross-origin. Without bucket CORS
 * (none is set) the gateway answers with its global rule, whose origins this flag sets (default `*`); its
 * methods (GET, PUT, POST, DELETE, HEAD), headers (`*`) and exposed headers (ETag...) are fixed in SeaweedFS
 * 4.44 (weed/s3api/s3api_bucket_cors_handlers.go). Quoted: the chart runs the command through `sh`.
 */
function allowedOriginsArg(baseDomain: string): string {
  return `-allowedOrigins='https://*.${baseDomain}'`;
}

const RESTRICTED_POD = {
  enabled: true,
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  fsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};
const RESTRICTED_CONTAINER = {
  enabled: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: false,
  capabilities: { drop: ['ALL'] },
};

/**
 * SeaweedFS master, volume, filer and S3 gateway, Pod Security `restricted`, data on Azure Disk like
 * `standard` (encrypted, ZRS, Retain), S3 auth on with one identity per app allowed only its own bucket, the
 * gateway published at `s3.<baseDomain>` for browsers, and NetworkPolicies that admit S3 clients from the app
 * namespaces and the ingress controller only.
 */
export class SeaweedFsAddOn extends HelmAddOn {
  constructor(private readonly sizeGiB: number) {
    super({
      id: 'object-store',
      chart: SEAWEEDFS.chart,
      repository: SEAWEEDFS.repository,
      version: SEAWEEDFS.version,
      namespace: SEAWEEDFS.namespace,
      releaseName: SEAWEEDFS.release,
      provides: ['object-storage'],
      // The published gateway and the HTTP-01 solver of its certificate; never the master's, volume's or
      // filer's ports, which take no credentials.
      network: { fromIngressController: [SEAWEEDFS.s3Port, ACME_SOLVER_PORT] },
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const core = Object.entries(cluster.nodePools.core.labels)
      .map(([key, value]) => `${key}: ${value}`)
      .join('\n');
    const pvc = (size: string) => ({ type: 'persistentVolumeClaim', size, storageClass: SEAWEEDFS.storageClass });
    const component = (extra: Record<string, unknown>) => ({
      podSecurityContext: RESTRICTED_POD,
      containerSecurityContext: RESTRICTED_CONTAINER,
      // The chart takes nodeSelector as a YAML string.
      nodeSelector: core,
      tolerations: cluster.nodePools.core.taints
        .map((t) => `- key: ${t.key}\n  operator: Equal\n  value: "${t.value ?? ''}"\n  effect: ${t.effect}`)
        .join('\n'),
      ...extra,
    });
    const apps = S3_WORKLOADS.map((workload) => WORKLOADS[workload].namespace);
    return {
      image: { tag: SEAWEEDFS.imageTag },
      global: { seaweedfs: { enableSecurity: false, serviceAccountAnnotations: {} } },
      master: component({
        replicas: 1,
        data: pvc('10Gi'),
        logs: { type: 'emptyDir' },
        resources: resources('50m', '128Mi', '512Mi'),
      }),
      volume: component({
        replicas: 1,
        dataDirs: [
          {
            name: 'data',
            type: 'persistentVolumeClaim',
            size: `${this.sizeGiB}Gi`,
            storageClass: SEAWEEDFS.storageClass,
            maxVolumes: 0,
          },
        ],
        resizeHook: { enabled: false },
        resources: resources('100m', '256Mi', '2Gi'),
      }),
      filer: component({
        replicas: 1,
        data: pvc('25Gi'),
        logs: { type: 'emptyDir' },
        resources: resources('100m', '256Mi', '1Gi'),
      }),
      s3: component({
        enabled: true,
        replicas: 2,
        enableAuth: true,
        resources: resources('50m', '128Mi', '512Mi'),
        existingConfigSecret: SEAWEEDFS.configSecret,
        ingress: s3IngressValues(s3Host(cluster.dns.baseDomain)),
        extraArgs: [allowedOriginsArg(cluster.dns.baseDomain)],
        // No createBuckets: the chart's bucket hook Job takes no nodeSelector or tolerations, so it could not
        // schedule where every pool is tainted (AKS). The `create-buckets` Job (afterRelease) does it instead.
        logs: { type: 'emptyDir' },
      }),
      networkPolicy: {
        enabled: true,
        extraIngress: [
          {
            from: apps.map((ns) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } })),
            ports: [{ protocol: 'TCP', port: SEAWEEDFS.s3Port }],
          },
        ],
      },
    };
  }

  /** The app buckets, versioned, created once the store runs (idempotent: existing buckets are kept). */
  protected override afterRelease(scope: Construct, cluster: ClusterDescription, release: Release): void {
    const buckets = S3_WORKLOADS.map(
      (w) => cluster.objectStorage.buckets[bucketOf(w)]?.name ?? bucketName(bucketOf(w)),
    );
    const script = [
      'set -eu',
      'until echo s3.bucket.list | weed shell > /tmp/buckets; do echo "waiting for the master and filer"; sleep 5; done',
      ...buckets.flatMap((bucket) => [
        `awk '{print $1}' /tmp/buckets | grep -Fxq '${bucket}' || echo 's3.bucket.create --name ${bucket}' | weed shell`,
        `echo 's3.bucket.versioning -name ${bucket} -status Enabled' | weed shell`,
      ]),
    ].join('\n');
    const labels = {
      'app.kubernetes.io/name': 'seaweedfs',
      'app.kubernetes.io/instance': SEAWEEDFS.release,
      'app.kubernetes.io/component': 'create-buckets',
    };
    new JobV1(scope, 'create-buckets', {
      metadata: { name: 'seaweedfs-create-buckets', namespace: SEAWEEDFS.namespace, labels },
      spec: {
        backoffLimit: 6,
        template: {
          // The chart's NetworkPolicies admit pods with the release's labels to the master and filer.
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            nodeSelector: { ...cluster.nodePools.core.labels },
            toleration: tolerationsFor(cluster.nodePools.core).map((t) => ({ ...t })),
            securityContext: {
              runAsNonRoot: true,
              runAsUser: String(RESTRICTED_POD.runAsUser),
              runAsGroup: String(RESTRICTED_POD.runAsGroup),
              seccompProfile: { type: 'RuntimeDefault' },
            },
            container: [
              {
                name: 'create-buckets',
                image: `chrislusf/seaweedfs:${SEAWEEDFS.imageTag}`,
                command: ['/bin/sh', '-c', script],
                env: [
                  // weed shell may keep history and config under $HOME; the root filesystem is read-only.
                  { name: 'HOME', value: '/tmp' },
                  { name: 'WEED_CLUSTER_DEFAULT', value: 'sw' },
                  { name: 'WEED_CLUSTER_SW_MASTER', value: `${SEAWEEDFS.release}-master.${SEAWEEDFS.namespace}:9333` },
                  {
                    name: 'WEED_CLUSTER_SW_FILER',
                    value: `${SEAWEEDFS.release}-filer-client.${SEAWEEDFS.namespace}:8888`,
                  },
                ],
                resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMount: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volume: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
      waitForCompletion: true,
      timeouts: { create: '10m', update: '10m' },
      dependsOn: [release],
    });
  }

  /**
   * The S3 identities (generated keys, each allowed only its bucket) and the StorageClass must exist before
   * the release: Helm waits for the pods, which need both.
   */
  protected override beforeRelease(
    scope: Construct,
    cluster: ClusterDescription,
    namespace?: HotNamespace,
  ): ITerraformDependable[] {
    publishHost(scope, {
      host: s3Host(cluster.dns.baseDomain),
      service: `${SEAWEEDFS.namespace}/${SEAWEEDFS.s3Service}`,
      // S3 authenticates every request by its signature (SigV4 with an app's key, or a presigned URL that
      // key signed); there is no anonymous access to any bucket.
      guards: ['app-login'],
    });
    const identities = S3_WORKLOADS.flatMap((workload) => {
      const keys = cluster.workloads[workload]?.staticKeys;
      if (!keys) return [];
      const bucket = cluster.objectStorage.buckets[bucketOf(workload)]?.name ?? bucketName(bucketOf(workload));
      return [
        {
          name: workload,
          credentials: [{ accessKey: keys.accessKeyId, secretKey: keys.secretAccessKey }],
          actions: ['Read', 'Write', 'List', 'Tagging'].map((action) => `${action}:${bucket}`),
        },
      ];
    });
    const secret = new SecretV1(scope, 's3-config', {
      metadata: { name: SEAWEEDFS.configSecret, namespace: SEAWEEDFS.namespace },
      data: { seaweedfs_s3_config: Fn.jsonencode({ identities }) },
      dependsOn: namespace ? [namespace.namespace] : [],
    });
    const standard = cluster.storage.classes.find((spec) => spec.name === 'standard');
    if (!standard) throw new Error('the cluster description has no standard StorageClass');
    const storageClass = new StorageClassV1(scope, 'storage-class', {
      metadata: { name: SEAWEEDFS.storageClass },
      storageProvisioner: standard.provisioner,
      parameters: { ...standard.parameters },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
    return [secret, storageClass];
  }
}
