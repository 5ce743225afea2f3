import { firstServiceAddress } from '../core/cidr';
import { hetznerAddresses, type HetznerAddresses } from './addresses';
import { blockStorageClasses } from '../core/storage-classes';
import { RESTRICTED_CONTAINER, resources } from '../addons/common';
import {
  DNS_API_TOKEN_SECRET,
  type DnsDescription,
  type NetworkDescription,
  type StorageClassSpec,
} from '../contracts/cluster';
import { encryptedVolumeParameters, HCLOUD_CSI_PROVISIONER } from './addons/csi-driver';
import type { AutoscaledGroup } from './addons/cluster-autoscaler';
import type { HetznerEnvironment } from './environment';
import { EXTERNAL_DNS_HETZNER_WEBHOOK } from './versions';

/**
 * The project's StorageClasses on Hetzner Cloud Volumes, LUKS-encrypted by the CSI driver. Volumes are
 * attached to one server at a time, so there is no `shared` class.
 */
export function hetznerStorageClasses(): StorageClassSpec[] {
  return blockStorageClasses(HCLOUD_CSI_PROVISIONER, {
    ...encryptedVolumeParameters(),
    'csi.storage.k8s.io/fstype': 'ext4',
  });
}

/** A Hetzner load balancer made by the cloud controller, reaching nodes over the private network. */
export function hetznerIngressAnnotations(env: HetznerEnvironment): Readonly<Record<string, string>> {
  return {
    'load-balancer.hetzner.cloud/name': `${env.name}-ingress`,
    'load-balancer.hetzner.cloud/location': env.zones[0],
    'load-balancer.hetzner.cloud/use-private-ip': 'true',
    'load-balancer.hetzner.cloud/type': 'lb11',
    // The load balancer proxies TCP from its private address; the client's address travels in a PROXY header.
    'load-balancer.hetzner.cloud/uses-proxyprotocol': 'true',
  };
}

/**
 * Only the node subnet, where the load balancer takes its private address, may hand Traefik a client address:
 * never the whole network, whose pod range would let any pod forge a PROXY header past an allow-list.
 */
export function hetznerIngressClientAddress(env: HetznerEnvironment) {
  const { nodeSubnet } = hetznerAddresses(env.network.networkCidr, 0, 0);
  return { externalTrafficPolicy: 'Cluster', proxyProtocolTrustedCidrs: [nodeSubnet] } as const;
}

/** The API group of the cert-manager webhook's solver (its APIService `v1alpha1.<group>`); any DNS name works. */
export const HETZNER_ACME_GROUP = 'acme.hotosm.org';

/** The apps stack's sensitive variable with the DNS clients' token, one of the DNS project's. */
export const HCLOUD_DNS_CLUSTER_TOKEN_VARIABLE = 'hcloud_dns_cluster_token';

/**
 * Hetzner Cloud DNS for external-dns (Hetzner's webhook provider as a sidecar) and cert-manager DNS-01 (Hetzner's
 * solver webhook), both with a token of the project holding only the zone: Hetzner tokens cannot be narrower than
 * a project (read, or read and write), so the project is the scope.
 */
export function hetznerDns(env: HetznerEnvironment, zoneId: string): DnsDescription {
  const token = { secretKeyRef: { name: DNS_API_TOKEN_SECRET.name, key: DNS_API_TOKEN_SECRET.key } };
  return {
    provider: 'webhook',
    baseDomain: env.dns.baseDomain,
    zoneId,
    externalDns: {
      extraArgs: [],
      env: [],
      webhook: {
        image: { ...EXTERNAL_DNS_HETZNER_WEBHOOK },
        env: [{ name: 'HETZNER_TOKEN', valueFrom: token }],
        // The image's user is not numeric in its manifest; a fixed one lets the kubelet check runAsNonRoot.
        securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 65532, runAsGroup: 65532 },
        resources: resources('10m', '64Mi'),
      },
    },
    apiToken: {
      variable: HCLOUD_DNS_CLUSTER_TOKEN_VARIABLE,
      description:
        'Hetzner Cloud API token (read and write) of the project that holds only the DNS zone, for external-dns and ' +
        "cert-manager's DNS-01 webhook; not the hcloud_dns_token Terraform uses",
    },
    dns01Solver: {
      webhook: {
        groupName: HETZNER_ACME_GROUP,
        solverName: 'hetzner',
        config: { tokenSecretKeyRef: token.secretKeyRef },
      },
    },
  };
}

/**
 * The worker pool as autoscaler node groups, one per location so capacity spreads; sizes are split across
 * them and a location gets a group only while the maximum allows one server there.
 */
export function autoscaledGroups(env: HetznerEnvironment): AutoscaledGroup[] {
  const pool = env.nodePools.worker;
  const locations = env.zones.slice(0, Math.max(1, Math.min(env.zones.length, pool.maxSize)));
  const share = (total: number, index: number) =>
    Math.floor(total / locations.length) + (index < total % locations.length ? 1 : 0);
  return locations.map((location, index) => ({
    name: `worker-${location}`,
    serverType: pool.instanceTypes[0],
    location,
    minSize: share(pool.minSize, index),
    maxSize: share(pool.maxSize, index),
  }));
}

/**
 * Talos on Hetzner: the API server runs on the control-plane nodes (port 6443, where Cilium's Service
 * translation sends the `kubernetes` ClusterIP) and calls webhooks from them; Cilium selects these node
 * addresses by ipBlock because the Cilium add-on sets `policyCIDRMatchMode: [nodes]`.
 */
export function hetznerNetwork(env: HetznerEnvironment, addresses: HetznerAddresses): NetworkDescription {
  return {
    apiServer: [
      { cidr: firstServiceAddress(env.network.serviceCidr), port: 443 },
      { cidr: addresses.controlPlaneBlock, port: 6443 },
    ],
    controlPlaneCidrs: [addresses.controlPlaneBlock],
    identityEndpoints: [],
  };
}
