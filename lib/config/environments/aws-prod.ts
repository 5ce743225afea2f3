import type { EnvironmentInput } from '../schema';

/**
 * HOT's production cluster on AWS (the donated credits). Per-deployment values such as the domain, allowed
 * CIDRs and admin principals are set without editing this file: see lib/config/README.md.
 */
export const awsProd: EnvironmentInput = {
  name: 'aws-prod',
  cloud: 'aws',
  region: 'us-east-1',
  zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  kubernetesVersion: '1.35',
  network: {
    vpcCidr: '10.20.0.0/16',
    serviceCidr: '172.20.0.0/16',
  },
  apiAccess: {
    privateEndpoint: true,
    publicAccessCidrs: [],
  },
  nodePools: {
    core: {
      instanceTypes: ['m7i.large', 'm6i.large'],
      minSize: 2,
      maxSize: 4,
      desiredSize: 2,
      spot: false,
      diskSizeGiB: 50,
    },
    worker: {
      instanceTypes: ['m7i.xlarge', 'm6i.xlarge', 'm6a.xlarge'],
      minSize: 0,
      maxSize: 20,
      // Today's load: HOT's 7 t3.xlarge (28 vCPU) less the two core nodes' 4 vCPU.
      expectedSize: 6,
      spot: true,
      diskSizeGiB: 100,
    },
    gpu: { instanceTypes: ['g4dn.xlarge', 'g5.xlarge'], minSize: 0, maxSize: 2, spot: false, diskSizeGiB: 200 },
  },
  dns: { baseDomain: 'aws-prod.k8s.hotosm.org' },
  backend: { type: 'local' },
  tags: { project: 'hot-infra', environment: 'aws-prod', 'managed-by': 'cdktf' },
  aws: {
    natGateways: 'one-per-zone',
    supportType: 'STANDARD',
    controlPlaneLogRetentionDays: 365,
    // Production keeps a locked copy of its backups on the other US coast.
    backupReplica: { region: 'us-west-2', objectLockMode: 'GOVERNANCE', objectLockDays: 30 },
  },
};
