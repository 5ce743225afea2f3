import type { Construct } from 'constructs';
import type { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import type { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import type { CloudName } from '../config/clouds';
import type { AddOn } from './addon';
import type { BucketPurpose, WorkloadName } from './workloads';

/**
 * The one description of a cluster that the AppsStack may use, the same shape on every cloud. Values may be
 * Terraform tokens of the cluster stack: cdktf turns them into cross-stack references.
 */
export interface ClusterDescription {
  readonly environment: string;
  /** For labels and docs only: the AppsStack must never branch on it. */
  readonly cloud: CloudName;
  readonly clusterName: string;
  /** Kubernetes minor version, e.g. "1.35". */
  readonly kubernetesVersion: string;
  readonly nodePools: NodePoolsDescription;
  readonly storage: StorageDescription;
  readonly ingress: IngressDescription;
  readonly objectStorage: ObjectStorageDescription;
  readonly dns: DnsDescription;
  /**
   * The OpenID Connect issuer whose ID tokens the Kubernetes API server accepts for people (Talos's `hetzner.oidc`),
   * and how it names them. @default undefined (the API server trusts only the cloud's own identities)
   */
  readonly apiServerOidc?: ApiServerOidc;
  /**
   * Where Velero writes backups when that is not the S3-compatible `backups` bucket (Azure Blob through the
   * Azure plugin). Absent: the `backups` bucket through the AWS plugin, which speaks to any S3 store.
   */
  readonly veleroBackupLocation?: VeleroBackupLocation;
  /** How each workload of `WORKLOADS` reaches the cloud; a workload absent here has no cloud access. */
  readonly workloads: Readonly<Partial<Record<WorkloadName, WorkloadAccess>>>;
  /**
   * Where the CloudNativePG database of an app namespace writes its WAL and base backups, and how it
   * authenticates; undefined for a namespace the cluster gives no backup location (the app then cannot have a
   * database). Locations are per environment and per namespace, so another environment can restore from them.
   */
  databaseBackupLocation(namespace: string): DatabaseBackupLocation | undefined;
  /** The addresses NetworkPolicies name: where the API server is, where nodes are, where webhooks come from. */
  readonly network: NetworkDescription;
  /** What the cluster already runs, so the platform does not install it twice. */
  readonly capabilities: ClusterCapabilities;
  /** Cloud-specific in-cluster controllers, installed before every other add-on. */
  readonly platformAddOns: readonly AddOn[];
  /** Creates the helm and kubernetes providers inside `scope` (the apps stack), authenticated for this cluster. */
  kubernetesProviders(scope: Construct): KubernetesProviders;
}

export interface KubernetesProviders {
  readonly helm: HelmProvider;
  readonly kubernetes: KubernetesProvider;
}

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** How workloads select a pool: `nodeSelector` labels and the taints they must tolerate. */
export interface NodePoolSelector {
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
}

export interface NodePoolsDescription {
  readonly core: NodePoolSelector;
  readonly worker: NodePoolSelector;
  /** Absent when the cluster has no GPU capacity: GPU apps must then run on CPU or be disabled. */
  readonly gpu?: NodePoolSelector;
}

export type StorageClassName = 'standard' | 'ephemeral' | 'shared';

/** A StorageClass with a project-wide name; only the provisioner and its parameters vary by cloud. */
export interface StorageClassSpec {
  readonly name: StorageClassName;
  readonly provisioner: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly reclaimPolicy: 'Retain' | 'Delete';
  readonly volumeBindingMode: 'WaitForFirstConsumer' | 'Immediate';
  readonly allowVolumeExpansion: boolean;
  readonly isDefault: boolean;
}

export interface StorageDescription {
  /** Always `standard` (default, encrypted, Retain) and `ephemeral` (Delete); `shared` (RWX) where offered. */
  readonly classes: readonly StorageClassSpec[];
}

export interface IngressDescription {
  /** Annotations for the ingress controller's `LoadBalancer` Service on this cloud. */
  readonly loadBalancerAnnotations: Readonly<Record<string, string>>;
  /**
   * How the visitor's address reaches the ingress controller, so that source allow-lists see the visitor and
   * not the load balancer or a node: the Service's `externalTrafficPolicy` (`Local` keeps the source where the
   * load balancer forwards to nodes), and the load balancer's own ranges when it sends a PROXY protocol header.
   */
  readonly clientAddress: {
    readonly externalTrafficPolicy: 'Local' | 'Cluster';
    /** Sources whose PROXY protocol header is trusted; empty when the load balancer sends none. */
    readonly proxyProtocolTrustedCidrs: readonly string[];
  };
}

export interface BucketDescription {
  readonly name: string;
}

export interface ObjectStorageDescription {
  /** S3-compatible endpoint URL for the cluster's pods (in-cluster where the store runs in the cluster). */
  readonly endpoint: string;
  /**
   * The endpoint browsers and pods can both reach (https, public DNS). Presigned URLs are signed for one host,
   * so an app that hands URLs to browsers (DroneTM's uploads and downloads) uses this one for everything.
   * Equal to `endpoint` where the store is a public cloud service.
   */
  readonly publicEndpoint: string;
  readonly region: string;
  /** Path-style addressing, needed by most S3-compatible stores other than AWS. */
  readonly forcePathStyle: boolean;
  /** Buckets by purpose. A purpose is absent until the flavour creates its bucket. */
  readonly buckets: Readonly<Partial<Record<BucketPurpose, BucketDescription>>>;
  /**
   * The store runs inside the cluster (a Service in this namespace, on this port): its clients need egress
   * there, not to the internet. @default undefined (a cloud service on public addresses)
   */
  readonly inCluster?: { readonly namespace: string; readonly port: number };
  /**
   * The store encrypts nothing at rest of its own but takes a customer key per request (SSE-C): what holds
   * Secrets (Velero's backups) is written with a key the apps stack generates. @default false
   */
  readonly customerKeyEncryption?: boolean;
}

/**
 * How one workload authenticates to the cloud. With a workload identity the ServiceAccount (and pods) carry
 * the annotations and labels below; where the cloud has none for object storage, `staticKeys` holds S3 keys
 * (Terraform values of the cluster stack, sensitive) that the apps stack puts into a Secret.
 */
export interface WorkloadAccess {
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly staticKeys?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * A Barman Cloud object store for one database: the destination and the credentials, in the plugin's
 * `ObjectStore` terms. Workload identities bind to the database's ServiceAccount (`databaseServiceAccount`).
 */
export interface DatabaseBackupLocation {
  /** `s3://<bucket>/<prefix>` or `https://<account>.blob.core.windows.net/<container>`. */
  readonly destinationPath: string;
  /** S3-compatible endpoint, for stores other than AWS S3. @default undefined (the provider's own) */
  readonly endpointUrl?: string;
  /**
   * `aws-identity`: the pod's AWS role (EKS Pod Identity); `azure-identity`: its Azure workload identity;
   * `static-keys`: S3 keys (sensitive Terraform values of the cluster stack) the apps stack puts in a Secret.
   */
  readonly credentials:
    | { readonly kind: 'aws-identity' }
    | { readonly kind: 'azure-identity' }
    | { readonly kind: 'static-keys'; readonly accessKeyId: string; readonly secretAccessKey: string };
  /** On the database's ServiceAccount and pods, as for workloads. */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** A Velero BackupStorageLocation and the object-store plugin that serves it. */
export interface VeleroBackupLocation {
  /** Velero provider name, e.g. `azure`. */
  readonly provider: string;
  /** The plugin image, pinned, e.g. `velero/velero-plugin-for-microsoft-azure:v1.14.2`. */
  readonly pluginImage: string;
  /** Bucket or container name. */
  readonly bucket: string;
  /** The provider's location config, e.g. storage account, resource group, `useAAD`. */
  readonly config: Readonly<Record<string, string>>;
}

/** A destination of pod traffic NetworkPolicies name by address, with its port. */
export interface AddressedPort {
  readonly cidr: string;
  readonly port: number;
}

export interface NetworkDescription {
  /**
   * Where pods reach the Kubernetes API: the `kubernetes` Service's ClusterIP (what a network plugin that
   * filters before Service translation sees) and the API server's own addresses (what one after it sees).
   */
  readonly apiServer: readonly AddressedPort[];
  /** Where the API server calls webhooks and aggregated APIs from. */
  readonly controlPlaneCidrs: readonly string[];
  /** Link-local endpoints pods with a cloud identity use (the EKS Pod Identity agent); all others are blocked. */
  readonly identityEndpoints: readonly AddressedPort[];
}

export interface ClusterCapabilities {
  /** The cloud runs metrics-server (or an equivalent serving metrics.k8s.io) itself. */
  readonly metricsServer: boolean;
  /** The cluster's network plugin enforces NetworkPolicies (without it, tenant isolation is on paper only). */
  readonly networkPolicy: boolean;
  /** kube-proxy runs (and is scraped); a CNI's kube-proxy replacement (Cilium) has no kube-proxy to watch. */
  readonly kubeProxy: boolean;
  /**
   * Karpenter provisions the `worker` pool: pods may ask for a capacity type (`karpenter.sh/capacity-type`) and
   * keep their node with `karpenter.sh/do-not-disrupt`. False where a node-group autoscaler does.
   */
  readonly karpenter: boolean;
}

/**
 * The Secret, in the namespaces of external-dns and cert-manager, holding `DnsDescription.apiToken` where the
 * DNS API takes a token instead of a workload identity.
 */
export const DNS_API_TOKEN_SECRET = { name: 'dns-api-token', key: 'token' } as const;

export interface ApiServerOidc {
  readonly issuerUrl: string;
  /** The `aud` the API server requires: a client signing people in must be this one. */
  readonly clientId: string;
  readonly usernameClaim: string;
  readonly groupsClaim: string;
  /** Put before every user and group name from the issuer, e.g. `oidc:` (so `oidc:viewers`). */
  readonly prefix: string;
}

export interface DnsDescription {
  /** external-dns provider name: a built-in one (`aws`, `azure`) or `webhook` (a sidecar, see `externalDns`). */
  readonly provider: string;
  /** The environment's zone: every service is `<service>.<baseDomain>`. */
  readonly baseDomain: string;
  /** The zone's id at the cloud (a reference to the cluster stack's zone, or the one taken by id). */
  readonly zoneId: string;
  /**
   * Extra external-dns container args and env for this cloud (zone filters, credentials by identity).
   * Absent when the cluster cannot drive its DNS zone: external-dns is then left out, with a synth warning.
   */
  readonly externalDns?: {
    readonly extraArgs: readonly string[];
    readonly env: readonly { readonly name: string; readonly value: string }[];
    /** Provider configuration files (no secrets: identity comes from the ServiceAccount), e.g. azure.json. */
    readonly configFiles?: { readonly mountPath: string; readonly files: Readonly<Record<string, string>> };
    /**
     * The chart's `provider.webhook` values, for a DNS API external-dns has no built-in provider for: the
     * provider's sidecar image, env, security context and resources. @default undefined (a built-in provider)
     */
    readonly webhook?: Readonly<Record<string, unknown>>;
  };
  /**
   * Where the DNS API authenticates by token (Hetzner has no workload identity): the apps stack's sensitive
   * variable holding it. external-dns and cert-manager each get it as `DNS_API_TOKEN_SECRET` in their namespace.
   * @default undefined (workload identities)
   */
  readonly apiToken?: { readonly variable: string; readonly description: string };

  /**
   * The cert-manager ACME DNS-01 solver (the `dns01` object of an Issuer solver) for the zone, when this
   * cloud's DNS can be driven by a workload identity; absent means HTTP-01 only.
   */
  readonly dns01Solver?: Readonly<Record<string, unknown>>;
}
