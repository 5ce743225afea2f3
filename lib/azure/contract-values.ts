import { blockStorageClasses } from '../core/storage-classes';
import { AZURE_DNS_ZONE_ID } from '../config/clouds/azure';
import { firstServiceAddress } from '../core/cidr';
import type { DnsDescription, NetworkDescription, StorageClassSpec } from '../contracts/cluster';
import type { KubernetesExec } from '../../providers/kubernetes';
import type { AzureZoneLocation } from './dns-zone';
import type { AzureEnvironment } from './environment';

/**
 * The project's StorageClasses on the AKS CSI drivers. Azure disks and files are always encrypted at rest
 * (platform keys); ZRS keeps a volume usable when its zone fails and lets a pod move zones.
 */
export function azureStorageClasses(): StorageClassSpec[] {
  return [
    ...blockStorageClasses('disk.csi.azure.com', { skuName: 'Premium_ZRS', 'csi.storage.k8s.io/fstype': 'ext4' }),
    {
      name: 'shared',
      provisioner: 'file.csi.azure.com',
      // SMB 3 with encryption in transit; the driver makes the share in a storage account it manages.
      parameters: { skuName: 'Standard_ZRS', protocol: 'smb' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
      isDefault: false,
    },
  ];
}

/**
 * A public Standard load balancer. The health probe is TCP, so it works whatever the ingress controller
 * answers on `/` (an HTTP probe of a path the controller 404s would mark every node down).
 */
export const AZURE_INGRESS_ANNOTATIONS: Readonly<Record<string, string>> = {
  'service.beta.kubernetes.io/azure-load-balancer-health-probe-protocol': 'tcp',
};

/**
 * The Standard load balancer keeps the client's address (direct server return to nodes); `Local` keeps kube-proxy
 * from masquerading it on the way to a pod on another node.
 */
export const AZURE_INGRESS_CLIENT_ADDRESS = { externalTrafficPolicy: 'Local', proxyProtocolTrustedCidrs: [] } as const;

/** The subscription, resource group and name an existing zone's resource id names. */
export function parseDnsZoneId(zoneId: string | undefined): AzureZoneLocation | undefined {
  const match = zoneId ? AZURE_DNS_ZONE_ID.exec(zoneId) : null;
  return match ? { subscriptionId: match[1], resourceGroup: match[2], zoneName: match[3].toLowerCase() } : undefined;
}

/**
 * Azure DNS for external-dns and cert-manager DNS-01, both by workload identity (no client secret), each with
 * DNS Zone Contributor on the environment's zone alone.
 */
export function azureDns(
  env: AzureEnvironment,
  tenantId: string,
  zone: { readonly id: string; readonly location: AzureZoneLocation },
  certManagerClientId: string,
): DnsDescription {
  const { subscriptionId, resourceGroup, zoneName } = zone.location;
  return {
    provider: 'azure',
    baseDomain: env.dns.baseDomain,
    zoneId: zone.id,
    externalDns: {
      extraArgs: [
        `--domain-filter=${zoneName}`,
        `--azure-resource-group=${resourceGroup}`,
        `--azure-subscription-id=${subscriptionId}`,
      ],
      env: [
        { name: 'AZURE_TENANT_ID', value: tenantId },
        { name: 'AZURE_SUBSCRIPTION_ID', value: subscriptionId },
        { name: 'AZURE_RESOURCE_GROUP', value: resourceGroup },
      ],
      // external-dns's azure provider reads /etc/kubernetes/azure.json; with workload identity it holds no secret.
      configFiles: {
        mountPath: '/etc/kubernetes',
        files: {
          'azure.json': JSON.stringify({
            tenantId,
            subscriptionId,
            resourceGroup,
            useWorkloadIdentityExtension: true,
          }),
        },
      },
    },
    dns01Solver: {
      azureDNS: {
        subscriptionID: subscriptionId,
        resourceGroupName: resourceGroup,
        hostedZoneName: zoneName,
        environment: 'AzurePublicCloud',
        managedIdentity: { clientID: certManagerClientId },
      },
    },
  };
}

/** The Entra ID application every AKS cluster with managed Entra integration accepts tokens for. */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

/**
 * kubelogin turns the run's Azure credentials into an Entra ID token for the API server. `workloadidentity`
 * reads AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE (a Terraform Cloud agent with dynamic
 * credentials, a CI runner with OIDC); `azurecli` uses `az login` on a laptop; `msi` a VM's managed identity.
 * In a Terraform Cloud run, `env` carries those three from the run's dynamic credentials.
 */
export function kubeloginExec(
  mode: AzureEnvironment['azure']['kubeloginMode'],
  env: Readonly<Record<string, string>> = {},
): KubernetesExec {
  return {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: 'kubelogin',
    args: ['get-token', '--login', mode, '--server-id', AKS_SERVER_APP_ID],
    ...(Object.keys(env).length > 0 ? { env } : {}),
  };
}

/**
 * AKS with API Server VNet Integration: the API server has an address in its delegated subnet (what pods reach
 * after Service translation, and where webhook calls come from); it is not a node, so an ipBlock selects it
 * even under AKS's managed Cilium, whose ipBlocks cannot select nodes (a documented limitation).
 */
export function azureNetwork(serviceCidr: string, apiServerSubnetCidr: string): NetworkDescription {
  return {
    apiServer: [
      { cidr: firstServiceAddress(serviceCidr), port: 443 },
      { cidr: apiServerSubnetCidr, port: 443 },
    ],
    controlPlaneCidrs: [apiServerSubnetCidr],
    identityEndpoints: [],
  };
}
