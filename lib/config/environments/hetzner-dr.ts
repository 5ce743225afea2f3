import type { EnvironmentInput } from '../schema';

/**
 * The cheap failover target on Hetzner Cloud + Talos Linux, for when the AWS credits end. Allowed CIDRs and
 * the image selector are set without editing this file: see lib/config/README.md and lib/hetzner/README.md.
 */
export const hetznerDr: EnvironmentInput = {
  name: 'hetzner-dr',
  cloud: 'hetzner',
  region: 'eu-central',
  zones: ['fsn1', 'nbg1', 'hel1'],
  kubernetesVersion: '1.35',
  network: {
    networkCidr: '10.60.0.0/16',
    // Inside the network: the cloud controller routes each node's /24 there, Cilium routes natively.
    podCidr: '10.60.128.0/17',
    serviceCidr: '10.96.0.0/16',
  },
  apiAccess: {
    privateEndpoint: true,
    publicAccessCidrs: [],
  },
  nodePools: {
    core: { instanceTypes: ['cpx32'], minSize: 2, maxSize: 2, spot: false },
    // After a failover: aws-prod's expected 24 worker vCPUs on 8-vCPU servers. Idle standby: none.
    worker: { instanceTypes: ['cpx42'], minSize: 0, maxSize: 10, expectedSize: 3, spot: false },
  },
  // A domain of its own: Hetzner Cloud DNS hosts no subdomain zones, so the zone cannot be a name under hotosm.org
  // the way the other environments' are. Register it (or set HOT_HETZNER_DR_BASE_DOMAIN) and delegate it.
  dns: { baseDomain: 'hotosm-dr.org' },
  backend: { type: 'local' },
  tags: { project: 'hot-infra', environment: 'hetzner-dr', 'managed-by': 'cdktf' },
  // The failover rehearsal: databases and app volumes come from aws-prod's backups, read with a key that
  // cannot write. `failover: true` (HOT_HETZNER_DR_FAILOVER) also takes over aws-prod's public aliases.
  restoreFrom: 'aws-prod',
  // No `oidc`: the issuer is per deployment (HOT_HETZNER_DR_HETZNER_OIDC_*); until set, only the admin
  // certificate reaches the API.
  hetzner: { controlPlane: { serverType: 'cpx32', count: 3 }, loadBalancerType: 'lb11' },
};
