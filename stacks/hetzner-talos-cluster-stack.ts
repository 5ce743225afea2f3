import { Fn, TerraformOutput, TerraformVariable } from 'cdktf';
import { sensitiveVariable } from '../lib/core/sensitive-variable';
import type { Construct } from 'constructs';
import { architectureOf } from '../lib/config/clouds/hetzner';
import { bucketName } from '../lib/config/schema-parts';
import type { ClusterDescription, NodePoolsDescription, WorkloadAccess } from '../lib/contracts/cluster';
import {
  WORKLOAD_NAMES,
  WORKLOADS,
  databaseBackupPrefix,
  type WorkloadName,
  type WorkloadSpec,
} from '../lib/contracts/workloads';
import { HotError } from '../lib/core/errors';
import type { EnvironmentZone } from '../lib/core/dns-zone';
import { nodePoolSelectors } from '../lib/core/node-pools';
import { CertManagerWebhookHetznerAddOn } from '../lib/hetzner/addons/cert-manager-webhook';
import { CloudControllerManagerAddOn } from '../lib/hetzner/addons/cloud-controller-manager';
import { ClusterAutoscalerAddOn } from '../lib/hetzner/addons/cluster-autoscaler';
import { CsiDriverAddOn } from '../lib/hetzner/addons/csi-driver';
import { hetznerAddresses, type HetznerAddresses } from '../lib/hetzner/addresses';
import { ApiLoadBalancer } from '../lib/hetzner/api-load-balancer';
import {
  autoscaledGroups,
  hetznerDns,
  hetznerIngressAnnotations,
  hetznerIngressClientAddress,
  hetznerNetwork,
  hetznerStorageClasses,
} from '../lib/hetzner/contract-values';
import type { HetznerEnvironment } from '../lib/hetzner/environment';
import { HetznerDnsZone } from '../lib/hetzner/dns-zone';
import { HetznerFirewall } from '../lib/hetzner/firewall';
import { HetznerNetwork } from '../lib/hetzner/network';
import { HetznerObjectStorage } from '../lib/hetzner/object-storage';
import { TalosServers } from '../lib/hetzner/servers';
import { defaultImageSelector, TalosImage } from '../lib/hetzner/talos-image';
import { hostnameConfig, renderPatch } from '../lib/hetzner/talos/patches';
import { apiServerOidcOf } from '../lib/core/kubernetes-oidc';
import { CiliumAddOn } from '../lib/hetzner/addons/cilium';
import { rolePatches } from '../lib/hetzner/talos/role-patches';
import { TalosCluster, type TalosNode } from '../lib/hetzner/talos/talos-cluster';
import { CLUSTER_AUTOSCALER, HCLOUD_CCM, KUBERNETES_PATCH, versionProblem } from '../lib/hetzner/versions';
import {
  createHetznerDnsProvider,
  createHetznerProviders,
  createHetznerS3Provider,
  HETZNER_S3_BACKUPS_ALIAS,
  hetznerS3Endpoint,
} from '../providers/hetzner';
import { createKubernetesProviders } from '../providers/kubernetes';
import { hetznerKeyPrincipal, RESTORE_READER_DENIED_ACTIONS } from '../lib/hetzner/restore-reader';
import { RESTORE_VARIABLES, restoreReaderOutput } from '../lib/contracts/restore';
import { ClusterStack, type ClusterStackOptions } from './cluster-stack';

/** What the hooks hand each other; filled in hook order. */
export interface HetznerParts {
  readonly network: HetznerNetwork;
  readonly firewall: HetznerFirewall;
  readonly addresses: HetznerAddresses;
  readonly images: ReadonlyMap<'x86' | 'arm', TalosImage>;
  readonly secrets: HetznerSecrets;
}

interface HetznerSecrets {
  /** Terraform's own token; the in-cluster controllers get theirs from the apps stack. */
  readonly hcloudToken: TerraformVariable;
  /** Terraform's Object Storage keys of the project that holds the apps' buckets. */
  readonly s3: S3KeyPair;
  /** Terraform's Object Storage keys of the project that holds only the backups bucket. */
  readonly backupsS3: S3KeyPair;
  /** What Velero (the only workload on the backups bucket) authenticates with: a key of the backups project. */
  readonly veleroS3: S3KeyPair;
  /** What the apps authenticate with: a key of the apps' project, which cannot reach the backups project. */
  readonly appsS3: S3KeyPair;
  /** What the apps' databases back up with: a key of the backups project, not Velero's (rotated on its own). */
  readonly databasesS3: S3KeyPair;
}

interface S3KeyPair {
  readonly accessKey: TerraformVariable;
  readonly secretKey: TerraformVariable;
}

export interface HetznerClusterParts {
  readonly secrets: HetznerSecrets;
  readonly controlPlane: TalosServers;
  readonly talos: TalosCluster;
  storage?: HetznerObjectStorage;
}

const NONCURRENT_VERSION_DAYS = 30;

/**
 * `hetzner-dr`: a private network, a firewall that opens only the two APIs to the allow-list, an internal load
 * balancer for the Kubernetes API, three protected control-plane servers and the core servers booted from a
 * Talos snapshot and configured through the Talos API, buckets on Hetzner Object Storage. The cloud
 * controller, CSI driver and cluster-autoscaler (which owns the worker pool) are platform add-ons.
 */
export class HetznerTalosClusterStack extends ClusterStack<HetznerEnvironment, HetznerParts, HetznerClusterParts> {
  constructor(scope: Construct, environment: HetznerEnvironment, options: ClusterStackOptions = {}) {
    super(scope, environment, 'hetzner', options);
  }

  protected configureProviders(): void {
    const env = this.environment;
    const problem = versionProblem({
      kubernetesVersion: env.kubernetesVersion,
      ccm: HCLOUD_CCM.appVersion,
      clusterAutoscaler: CLUSTER_AUTOSCALER.appVersion,
    });
    if (problem) {
      throw new HotError({
        setting: `environments.${env.name}.kubernetesVersion`,
        value: env.kubernetesVersion,
        fix: problem,
      });
    }
    createHetznerProviders(this, this.secrets().hcloudToken.stringValue);
  }

  protected createNetwork(): HetznerParts {
    const env = this.environment;
    const secrets = this.secrets();
    const core = env.nodePools.core;
    const addresses = hetznerAddresses(
      env.network.networkCidr,
      env.hetzner.controlPlane.count,
      core.desiredSize ?? core.minSize,
    );
    const network = new HetznerNetwork(this, 'network', {
      name: env.name,
      networkCidr: env.network.networkCidr,
      networkZone: env.region,
      nodeSubnet: addresses.nodeSubnet,
      labels: this.labels(),
    });
    const firewall = new HetznerFirewall(this, 'firewall', {
      name: env.name,
      allowedCidrs: env.apiAccess.publicAccessCidrs,
      networkCidr: env.network.networkCidr,
      labels: this.labels(),
    });
    const selector = env.hetzner.imageSelector ?? defaultImageSelector();
    const architectures = new Set(
      [env.hetzner.controlPlane.serverType, ...core.instanceTypes, ...env.nodePools.worker.instanceTypes].map(
        architectureOf,
      ),
    );
    const images = new Map(
      [...architectures]
        .sort()
        .map((arch) => [arch, new TalosImage(this, `talos-image-${arch}`, { architecture: arch, selector })]),
    );
    return { network, firewall, addresses, images, secrets };
  }

  protected createDnsZone(): EnvironmentZone {
    const env = this.environment;
    if (env.dns.zoneId) return { name: env.dns.baseDomain, id: env.dns.zoneId };
    const token = sensitiveVariable(
      this,
      'hcloud_dns_token',
      "Hetzner Cloud API token (read and write) of the project that holds only the DNS zone, Terraform's own",
    );
    return new HetznerDnsZone(this, 'dns-zone', {
      name: env.dns.baseDomain,
      provider: createHetznerDnsProvider(this, token.stringValue),
      labels: this.labels(),
    }).zone;
  }

  protected createCluster(parts: HetznerParts): HetznerClusterParts {
    const env = this.environment;
    const { addresses, network } = parts;
    const publicEndpoint = !env.apiAccess.privateEndpoint;
    const controlPlane = new TalosServers(this, 'control-plane', {
      namePrefix: `${env.name}-cp`,
      role: 'control-plane',
      count: env.hetzner.controlPlane.count,
      serverType: env.hetzner.controlPlane.serverType,
      locations: env.zones,
      imageId: this.imageFor(parts, env.hetzner.controlPlane.serverType),
      networkId: network.network.id,
      privateIps: addresses.controlPlaneIps,
      firewallId: parts.firewall.firewall.id,
      labels: this.labels(),
      protect: true,
      dependsOn: [network.nodeSubnet],
    });
    new ApiLoadBalancer(this, 'api-load-balancer', {
      name: `${env.name}-api`,
      loadBalancerType: env.hetzner.loadBalancerType,
      location: env.zones[0],
      networkId: network.network.id,
      privateIp: addresses.loadBalancerIp,
      targetSelector: `cluster=${env.name},role=control-plane`,
      labels: this.labels(),
      dependsOn: [network.nodeSubnet],
    });
    const patches = rolePatches({
      nodeSubnet: addresses.nodeSubnet,
      podCidr: env.network.podCidr,
      serviceCidr: env.network.serviceCidr,
      certSans: [
        addresses.loadBalancerIp,
        ...addresses.controlPlaneIps,
        ...controlPlane.servers.map((s) => s.ipv4Address),
      ],
      selectors: this.selectors(),
      oidc: env.hetzner.oidc,
    });
    const talos = new TalosCluster(this, 'talos-cluster', {
      clusterName: env.name,
      clusterEndpoint: `https://${addresses.loadBalancerIp}:6443`,
      kubernetesVersion: KUBERNETES_PATCH[env.kubernetesVersion as keyof typeof KUBERNETES_PATCH],
      controlPlanePatches: patches.controlPlane,
      corePatches: patches.core,
      workerPatches: patches.worker,
      controlPlaneNodes: controlPlane.servers.map((server, index): TalosNode => ({
        name: `cp-${index + 1}`,
        node: addresses.controlPlaneIps[index],
        endpoint: publicEndpoint ? server.ipv4Address : addresses.controlPlaneIps[index],
        patches: [renderPatch(hostnameConfig(`${env.name}-cp-${index + 1}`))],
      })),
    });
    return { secrets: parts.secrets, controlPlane, talos };
  }

  protected createNodePools(cluster: HetznerClusterParts, parts: HetznerParts): void {
    const env = this.environment;
    const core = env.nodePools.core;
    const publicEndpoint = !env.apiAccess.privateEndpoint;
    const servers = new TalosServers(this, 'core-pool', {
      namePrefix: `${env.name}-core`,
      role: 'core',
      count: parts.addresses.coreIps.length,
      serverType: core.instanceTypes[0],
      locations: env.zones,
      imageId: this.imageFor(parts, core.instanceTypes[0]),
      networkId: parts.network.network.id,
      privateIps: parts.addresses.coreIps,
      firewallId: parts.firewall.firewall.id,
      labels: this.labels(),
      protect: false,
      dependsOn: [parts.network.nodeSubnet],
    });
    servers.servers.forEach((server, index) =>
      cluster.talos.applyCore({
        name: `core-${index + 1}`,
        node: parts.addresses.coreIps[index],
        endpoint: publicEndpoint ? server.ipv4Address : parts.addresses.coreIps[index],
        patches: [renderPatch(hostnameConfig(`${env.name}-core-${index + 1}`))],
      }),
    );
  }

  protected createIdentitiesAndStorage(cluster: HetznerClusterParts): void {
    const env = this.environment;
    const location = this.objectStorageLocation();
    const secrets = cluster.secrets;
    const provider = createHetznerS3Provider(this, {
      location,
      accessKey: secrets.s3.accessKey.stringValue,
      secretKey: secrets.s3.secretKey.stringValue,
    });
    const backupsProvider = createHetznerS3Provider(this, {
      alias: HETZNER_S3_BACKUPS_ALIAS,
      location,
      accessKey: secrets.backupsS3.accessKey.stringValue,
      secretKey: secrets.backupsS3.secretKey.stringValue,
    });
    cluster.storage = new HetznerObjectStorage(this, 'object-storage', {
      provider,
      backupsProvider,
      namePrefix: bucketName(env.hetzner.bucketPrefix, env.name, ''),
      noncurrentVersionDays: NONCURRENT_VERSION_DAYS,
      backupObjectLockDays: env.hetzner.backupObjectLockDays,
      baseDomain: env.dns.baseDomain,
      restoreReaderPrincipal:
        this.restoreTargets.length > 0 && env.hetzner.restoreReader
          ? hetznerKeyPrincipal(env.hetzner.restoreReader.projectId, env.hetzner.restoreReader.accessKeyId)
          : undefined,
    });
  }

  /**
   * The reader is a key made by hand in the backups project (Hetzner has no API for keys); the bucket policy
   * above takes every write from it. The output names it, so the target knows which key's secret it needs.
   */
  protected override createRestoreReader(_cluster: HetznerClusterParts, target: string): void {
    const reader = this.environment.hetzner.restoreReader;
    if (!reader)
      throw new Error(`${this.environment.name}: restoreReader is unset; the settings should have refused ${target}`);
    new TerraformOutput(this, restoreReaderOutput(target), {
      staticId: true,
      value: {
        access_key_id: reader.accessKeyId,
        principal: hetznerKeyPrincipal(reader.projectId, reader.accessKeyId),
        denied: [...RESTORE_READER_DENIED_ACTIONS],
      },
      description: `The backups project's key ${target} restores with: TF_VAR_${RESTORE_VARIABLES.accessKeyId} is this id, TF_VAR_${RESTORE_VARIABLES.secretAccessKey} its secret from the console`,
    });
  }

  protected describe(cluster: HetznerClusterParts, parts: HetznerParts, zone: EnvironmentZone): ClusterDescription {
    const env = this.environment;
    const location = this.objectStorageLocation();
    const selectors = this.selectors();
    const storage = cluster.storage as HetznerObjectStorage;
    const keysOf = (pair: S3KeyPair) => ({
      accessKeyId: pair.accessKey.stringValue,
      secretAccessKey: pair.secretKey.stringValue,
    });
    // Keys are project-wide: the backups bucket's workload gets a key of the backups project, every other
    // workload a key of the apps' project, and none of them Terraform's.
    const workloads = Object.fromEntries(
      WORKLOAD_NAMES.flatMap((name): [WorkloadName, WorkloadAccess][] => {
        const spec: WorkloadSpec = WORKLOADS[name];
        if (!spec.objects) return [];
        const pair = spec.objects.bucket === 'backups' ? parts.secrets.veleroS3 : parts.secrets.appsS3;
        return [[name, { serviceAccountAnnotations: {}, podLabels: {}, staticKeys: keysOf(pair) }]];
      }),
    );
    const kubernetes = cluster.talos.kubeconfig.kubernetesClientConfiguration;
    const apiHost = env.apiAccess.privateEndpoint
      ? parts.addresses.loadBalancerIp
      : cluster.controlPlane.servers[0].ipv4Address;
    const worker = env.nodePools.worker;
    const workerArch = architectureOf(worker.instanceTypes[0]);
    return {
      environment: env.name,
      cloud: 'hetzner',
      clusterName: env.name,
      kubernetesVersion: env.kubernetesVersion,
      nodePools: selectors,
      storage: { classes: hetznerStorageClasses() },
      ingress: {
        loadBalancerAnnotations: hetznerIngressAnnotations(env),
        clientAddress: hetznerIngressClientAddress(env),
      },
      objectStorage: {
        endpoint: hetznerS3Endpoint(location),
        publicEndpoint: hetznerS3Endpoint(location),
        region: location,
        forcePathStyle: true,
        // Hetzner Object Storage has no encryption at rest of its own and takes SSE-C ("List of supported actions").
        customerKeyEncryption: true,
        buckets: Object.fromEntries(
          Object.entries(storage.buckets).map(([purpose, bucket]) => [purpose, { name: bucket.bucket }]),
        ),
      },
      dns: hetznerDns(env, zone.id),
      apiServerOidc: env.hetzner.oidc ? apiServerOidcOf(env.hetzner.oidc) : undefined,
      workloads,
      // Keys are project-wide, so every database shares one key of the backups project; paths keep them apart.
      databaseBackupLocation: (namespace) => ({
        destinationPath: `s3://${storage.buckets.backups.bucket}/${databaseBackupPrefix(namespace)}`,
        endpointUrl: hetznerS3Endpoint(location),
        credentials: { kind: 'static-keys', ...keysOf(parts.secrets.databasesS3) },
        serviceAccountAnnotations: {},
        podLabels: {},
      }),
      network: hetznerNetwork(env, this.addresses()),
      capabilities: { metricsServer: false, networkPolicy: true, kubeProxy: false, karpenter: false },
      platformAddOns: [
        new CiliumAddOn({ nativeRoutingCidr: env.network.networkCidr }),
        new CloudControllerManagerAddOn({
          podCidr: env.network.podCidr,
          loadBalancerLocation: env.zones[0],
          networkId: parts.network.network.id,
        }),
        new CsiDriverAddOn(),
        new CertManagerWebhookHetznerAddOn(),
        new ClusterAutoscalerAddOn({
          groups: autoscaledGroups(env),
          imagesForArch: { [workerArch === 'arm' ? 'arm64' : 'amd64']: this.imageFor(parts, worker.instanceTypes[0]) },
          workerConfiguration: cluster.talos.workerConfiguration.machineConfiguration,
          networkId: parts.network.network.id,
          firewallId: parts.firewall.firewall.id,
        }),
      ],
      kubernetesProviders: (scope) =>
        createKubernetesProviders(scope, {
          host: `https://${apiHost}:6443`,
          clusterCaCertificate: Fn.base64decode(kubernetes.caCertificate),
          clientCertificate: Fn.base64decode(kubernetes.clientCertificate),
          clientKey: Fn.base64decode(kubernetes.clientKey),
        }),
    };
  }

  protected createOutputs(cluster: HetznerClusterParts): void {
    const talos = cluster.talos;
    new TerraformOutput(this, 'kubeconfig', {
      value: talos.kubeconfig.kubeconfigRaw,
      sensitive: true,
      description: 'Admin kubeconfig; its server is the API load balancer on the private network',
    });
    new TerraformOutput(this, 'talosconfig', {
      value: talos.clientConfiguration.talosConfig,
      sensitive: true,
      description: 'talosctl client configuration for the control-plane nodes',
    });
    new TerraformOutput(this, 'cluster-endpoint', { value: `https://${this.addresses().loadBalancerIp}:6443` });
  }

  /** The sensitive variables, declared on first use: the providers need the token before any hook returns. */
  private secrets(): HetznerSecrets {
    const pair = (prefix: string, whose: string): S3KeyPair => ({
      accessKey: sensitiveVariable(this, `${prefix}_access_key`, `Hetzner Object Storage access key: ${whose}`),
      secretKey: sensitiveVariable(this, `${prefix}_secret_key`, `Hetzner Object Storage secret key: ${whose}`),
    });
    return {
      hcloudToken: sensitiveVariable(
        this,
        'hcloud_token',
        "Hetzner Cloud API token (read and write) of the project, Terraform's own; never given to the cluster",
      ),
      s3: pair('object_storage', "Terraform's, of the project holding the apps' buckets"),
      backupsS3: pair('object_storage_backups_project', "Terraform's, of the project holding only the backups bucket"),
      veleroS3: pair('object_storage_velero', "Velero's, of the backups bucket's project"),
      appsS3: pair('object_storage_apps', "the apps', of the apps' buckets' project"),
      databasesS3: pair('object_storage_databases', "the apps' databases', of the backups bucket's project"),
    };
  }

  private selectors(): NodePoolsDescription {
    return nodePoolSelectors(false);
  }

  private labels(): Record<string, string> {
    return { cluster: this.environment.name, 'managed-by': 'cdktf' };
  }

  private imageFor(parts: HetznerParts, serverType: string): string {
    const image = parts.images.get(architectureOf(serverType));
    if (!image) throw new Error(`no Talos image lookup for ${serverType}`);
    return image.imageId;
  }

  private objectStorageLocation(): string {
    const env = this.environment;
    return env.hetzner.objectStorageLocation ?? env.zones[0];
  }

  private addresses(): HetznerAddresses {
    const env = this.environment;
    const core = env.nodePools.core;
    return hetznerAddresses(env.network.networkCidr, env.hetzner.controlPlane.count, core.desiredSize ?? core.minSize);
  }
}
