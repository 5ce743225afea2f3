import type { Construct } from 'constructs';
import type { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import type { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import type { CloudName } from '../config/clouds';
import type { AddOn } from './addon';

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
}

/** Where one purpose (backups, an app) keeps its objects, and how a pod gets access. */
export interface BucketDescription {
  readonly name: string;
  /** Key prefix the purpose may use, without a leading slash; "" for the whole bucket. */
  readonly prefix: string;
  readonly access: ObjectStorageAccess;
}

/**
 * How a pod authenticates to object storage: a workload identity bound to a service account (the cloud
 * decides what that is) or static keys held in a Kubernetes Secret the cluster stack provides.
 */
export type ObjectStorageAccess =
  | { readonly kind: 'workload-identity'; readonly serviceAccountAnnotations: Readonly<Record<string, string>> }
  | { readonly kind: 'static-keys'; readonly secretName: string };

export interface ObjectStorageDescription {
  /** S3-compatible endpoint URL. */
  readonly endpoint: string;
  readonly region: string;
  /** Buckets by purpose, e.g. `backups`, `drone-tm`. Empty until the flavour provides buckets. */
  readonly buckets: Readonly<Record<string, BucketDescription>>;
}

export interface DnsDescription {
  /** external-dns provider name, e.g. `aws` (Route53). */
  readonly provider: string;
  readonly baseDomain: string;
  /** The hosted zone id, when known; scopes external-dns and cert-manager DNS-01. */
  readonly zoneId?: string;
}
