import type { EnvironmentInput } from '../schema';

/**
 * HOT's staging cluster on Azure AKS, and the rehearsal ground for moving off a single vendor. Subscription,
 * tenant, admin groups, domain and allowed CIDRs are set without editing this file: see lib/config/README.md.
 */
export const azureStaging: EnvironmentInput = {
  name: 'azure-staging',
  cloud: 'azure',
  region: 'westeurope',
  zones: ['1', '2', '3'],
  kubernetesVersion: '1.35',
  network: {
    vnetCidr: '10.40.0.0/16',
    serviceCidr: '172.21.0.0/16',
    podCidr: '192.168.0.0/16',
  },
  apiAccess: {
    privateEndpoint: true,
    publicAccessCidrs: [],
  },
  nodePools: {
    core: { instanceTypes: ['Standard_D4s_v5'], minSize: 2, maxSize: 4, spot: false, diskSizeGiB: 128 },
    worker: {
      instanceTypes: ['Standard_D8s_v5'],
      minSize: 0,
      maxSize: 10,
      expectedSize: 2,
      spot: true,
      diskSizeGiB: 128,
    },
    gpu: { instanceTypes: ['Standard_NC4as_T4_v3'], minSize: 0, maxSize: 2, spot: false, diskSizeGiB: 256 },
  },
  dns: { baseDomain: 'azure-staging.k8s.hotosm.org' },
  backend: { type: 'local' },
  tags: { project: 'hot-infra', environment: 'azure-staging', 'managed-by': 'cdktf' },
  // Staging runs one of each: one database instance, one replica of each app.
  apps: { highAvailability: false },
  azure: {
    skuTier: 'Standard',
    // Staging's backups are rebuildable: zone-redundant only, half the price of a geo copy. A production
    // environment copied from this file drops the line and gets the default, GZRS (a copy in the paired region).
    storageReplication: 'ZRS',
    logRetentionDays: 90,
  },
};
