import { createKubernetesProviders } from '../../providers/kubernetes';
import type { ClusterDescription } from '../../lib/contracts/cluster';
import type { AddOn } from '../../lib/contracts/addon';
import { nodePoolSelectors } from '../../lib/core/node-pools';
import type { PlatformSettings } from '../../lib/addons/settings';

/** Platform settings as an environment with no platform settings gets them. */
export const TEST_PLATFORM: PlatformSettings = {
  acmeEmail: 'hostmaster@example.org',
  externalDnsPolicy: 'upsert-only',
  backupSchedule: '0 2 * * *',
  backupRetentionDays: 30,
  readOnlyGroups: ['hot:viewers'],
  alerts: {},
  adminAccess: { allowedCidrs: [] },
  publicAliases: {},
};

/** A cluster description with no cloud behind it, to test the apps side in isolation. */
export function fakeCluster(
  platformAddOns: readonly AddOn[] = [],
  patch: Partial<Omit<ClusterDescription, 'kubernetesProviders' | 'platformAddOns'>> = {},
): ClusterDescription {
  return {
    environment: 'test',
    cloud: 'aws',
    clusterName: 'test',
    kubernetesVersion: '1.35',
    nodePools: nodePoolSelectors(false),
    storage: {
      classes: [
        {
          name: 'standard',
          provisioner: 'example.csi/driver',
          parameters: {},
          reclaimPolicy: 'Retain',
          volumeBindingMode: 'WaitForFirstConsumer',
          allowVolumeExpansion: true,
          isDefault: true,
        },
      ],
    },
    ingress: {
      loadBalancerAnnotations: {},
      clientAddress: { externalTrafficPolicy: 'Cluster', proxyProtocolTrustedCidrs: [] },
    },
    objectStorage: {
      endpoint: 'https://s3.example.test',
      publicEndpoint: 'https://s3.example.test',
      region: 'test-1',
      forcePathStyle: true,
      buckets: {},
    },
    dns: { provider: 'aws', baseDomain: 'example.org', zoneId: 'Z0TEST', externalDns: { extraArgs: [], env: [] } },
    workloads: {},
    databaseBackupLocation: (namespace) => ({
      destinationPath: `s3://test-backups/cnpg/${namespace}`,
      credentials: { kind: 'aws-identity' },
      serviceAccountAnnotations: {},
      podLabels: {},
    }),
    network: {
      apiServer: [
        { cidr: '172.20.0.1/32', port: 443 },
        { cidr: '10.99.0.0/16', port: 443 },
      ],
      controlPlaneCidrs: ['10.99.0.0/16'],
      identityEndpoints: [],
    },
    capabilities: { metricsServer: false, networkPolicy: true, kubeProxy: true, karpenter: false },
    platformAddOns,
    ...patch,
    kubernetesProviders: (scope) =>
      createKubernetesProviders(scope, {
        host: 'https://127.0.0.1:6443',
        clusterCaCertificate: 'ca',
        token: '${var.token}',
      }),
  };
}
