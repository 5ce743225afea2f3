import { azureStaging } from '../../lib/config/environments/azure-staging';
import { loadEnvironments } from '../../lib/config/load';
import type { EnvironmentInput } from '../../lib/config/schema';
import { validateEnvironments } from '../../lib/config/validate';
import { hotErrorMessage, patchedCopy } from '../support/errors';

type Patch = (env: Record<string, unknown>) => void;

const withPatch = (patch: Patch) => patchedCopy(azureStaging, patch);

const network = (e: Record<string, unknown>) => e.network as Record<string, unknown>;
const pools = (e: Record<string, unknown>) => e.nodePools as Record<string, Record<string, unknown>>;
const azure = (e: Record<string, unknown>) => e.azure as Record<string, unknown>;
const dns = (e: Record<string, unknown>) => e.dns as Record<string, unknown>;

const P = 'environments.azure-staging';
const ZONE =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/dns/providers/Microsoft.Network/dnszones';

const CASES: ReadonlyArray<readonly [string, Patch, string]> = [
  [
    'bad region',
    (e) => (e.region = 'West Europe'),
    `${P}.region = "West Europe": is not an Azure region; use a name like "westeurope"`,
  ],
  [
    'AWS-style zone',
    (e) => (e.zones = ['westeurope-1', '2']),
    `${P}.zones.0 = "westeurope-1": is not an Azure availability zone; use "1", "2" or "3"`,
  ],
  ['duplicate zone', (e) => (e.zones = ['1', '1']), `${P}.zones.1 = "1": is listed twice; list each zone once`],
  [
    'AWS instance type',
    (e) => (pools(e).worker.instanceTypes = ['m7i.xlarge']),
    `${P}.nodePools.worker.instanceTypes.0 = "m7i.xlarge": is not an instance type; use a name like "Standard_D4s_v5"`,
  ],
  [
    'two VM sizes in one pool',
    (e) => (pools(e).worker.instanceTypes = ['Standard_D8s_v5', 'Standard_D8as_v5']),
    `${P}.nodePools.worker.instanceTypes = ["Standard_D8s_v5","Standard_D8as_v5"]: lists more than one VM size; an AKS node pool has exactly one, list one`,
  ],
  [
    'GPU pool without NC VMs',
    (e) => (pools(e).gpu.instanceTypes = ['Standard_D4s_v5']),
    `${P}.nodePools.gpu.instanceTypes.0 = "Standard_D4s_v5": is not an NVIDIA GPU instance type; use a Standard_NC type, e.g. "Standard_NC4as_T4_v3"`,
  ],
  [
    'spot core pool',
    (e) => (pools(e).core.spot = true),
    `${P}.nodePools.core.spot = true: the core pool runs cluster-critical services and must be on-demand; set spot to false`,
  ],
  [
    'pod CIDR overlapping the VNet',
    (e) => (network(e).podCidr = '10.40.0.0/16'),
    `${P}.network.podCidr = "10.40.0.0/16": overlaps vnetCidr 10.40.0.0/16; the three blocks must be disjoint`,
  ],
  [
    'service CIDR overlapping the VNet',
    (e) => (network(e).serviceCidr = '10.40.128.0/20'),
    `${P}.network.serviceCidr = "10.40.128.0/20": overlaps vnetCidr 10.40.0.0/16; the three blocks must be disjoint`,
  ],
  [
    'pod CIDR overlapping the services',
    (e) => (network(e).podCidr = '172.16.0.0/12'),
    `${P}.network.podCidr = "172.16.0.0/12": overlaps serviceCidr 172.21.0.0/16; the three blocks must be disjoint`,
  ],
  [
    'pod CIDR too small for the overlay',
    (e) => (network(e).podCidr = '192.168.0.0/24'),
    `${P}.network.podCidr = "192.168.0.0/24": must be between /12 and /18 to fit the overlay pod network; pick a block of that size`,
  ],
  [
    'AWS network keys',
    (e) => (network(e).vpcCidr = '10.20.0.0/16'),
    `${P}.network.vpcCidr: belongs to the aws flavour, not azure; remove it from this environment`,
  ],
  [
    'Route53 zone id on Azure',
    (e) => (dns(e).zoneId = 'Z0123456789ABCDEFGHIJ'),
    `${P}.dns.zoneId = "Z0123456789ABCDEFGHIJ": is not an Azure DNS zone resource id; copy it from the zone, e.g. "/subscriptions/<id>/resourceGroups/dns/providers/Microsoft.Network/dnszones/hotosm.org"`,
  ],
  [
    'zone of another domain',
    (e) => (dns(e).zoneId = `${ZONE}/hotosm.org`),
    `${P}.dns.zoneId = "${ZONE}/hotosm.org": names zone hotosm.org, not baseDomain azure-staging.k8s.hotosm.org`,
  ],
  [
    'route53 on Azure',
    (e) => (dns(e).provider = 'route53'),
    `${P}.dns.provider = "route53": must be "azure-dns" on azure`,
  ],
  [
    'subscription id not a GUID',
    (e) => (azure(e).subscriptionId = 'hot-staging'),
    `${P}.azure.subscriptionId = "hot-staging": is not a subscription id; use the lower-case GUID from the Azure portal`,
  ],
  [
    'admin group by name',
    (e) => (azure(e).adminGroupObjectIds = ['HOT Admins']),
    `${P}.azure.adminGroupObjectIds.0 = "HOT Admins": is not an Entra ID group object id; use the lower-case GUID from the Azure portal`,
  ],
  [
    'free tier',
    (e) => (azure(e).skuTier = 'Free'),
    `${P}.azure.skuTier = "Free": must be "Standard" or "Premium" (Free has no SLA)`,
  ],
  [
    'LRS backups',
    (e) => (azure(e).storageReplication = 'LRS'),
    `${P}.azure.storageReplication = "LRS": must be "ZRS", "GZRS", "RAGZRS" or "GRS" (no LRS for backups)`,
  ],
  [
    'maintenance window too short',
    (e) => (azure(e).maintenance = { durationHours: 2 }),
    `${P}.azure.maintenance.durationHours = 2: must be at least 4 hours, the AKS minimum`,
  ],
  [
    'database namespace too long for its backup container',
    (e) => (azure(e).databaseNamespaces = ['a'.repeat(59)]),
    `${P}.azure.databaseNamespaces.0 = "${'a'.repeat(59)}": is longer than 58 characters; its backup container cnpg-<namespace> must fit Azure's 63, use a shorter namespace`,
  ],
  [
    'database namespace with two hyphens in a row',
    (e) => (azure(e).databaseNamespaces = ['tasking--manager']),
    `${P}.azure.databaseNamespaces.0 = "tasking--manager": has two hyphens in a row, which Azure container names refuse; use single hyphens`,
  ],
  [
    'database namespace listed twice',
    (e) => (azure(e).databaseNamespaces = ['fair', 'fair']),
    `${P}.azure.databaseNamespaces = ["fair","fair"]: lists a namespace twice; list each once`,
  ],
  [
    'unknown kubelogin mode',
    (e) => (azure(e).kubeloginMode = 'devicecode'),
    `${P}.azure.kubeloginMode = "devicecode": must be "workloadidentity", "azurecli" or "msi"`,
  ],
  [
    'Kubernetes version AKS no longer supports',
    (e) => (e.kubernetesVersion = '1.33'),
    `${P}.kubernetesVersion = "1.33": is not supported on azure; use one of 1.35, 1.36, 1.37`,
  ],
  [
    'aws settings on azure',
    (e) => (e.aws = { natGateways: 'single' }),
    `${P}.aws: belongs to the aws flavour, not azure; remove it from this environment`,
  ],
  [
    'API open to the internet',
    (e) => ((e.apiAccess as Record<string, unknown>).publicAccessCidrs = ['0.0.0.0/0']),
    `${P}.apiAccess.publicAccessCidrs.0 = "0.0.0.0/0": opens the Kubernetes API to the whole internet; list your office or VPN ranges instead`,
  ],
];

describe('bad azure settings stop synth with one line', () => {
  it.each(CASES)('%s', (_name, patch, expected) => {
    const message = hotErrorMessage(() => validateEnvironments([withPatch(patch)]));
    expect(message).toBe(expected);
    expect(message).not.toContain('\n');
  });

  it('has at least 20 distinct cases', () => {
    expect(new Set(CASES.map(([, , message]) => message)).size).toBeGreaterThanOrEqual(20);
  });

  it('malformed admin group from an environment variable', () => {
    const message = hotErrorMessage(() =>
      loadEnvironments({ env: { HOT_AZURE_STAGING_AZURE_ADMIN_GROUPS: 'not-a-guid' }, defaults: [azureStaging] }),
    );
    expect(message).toBe(
      `HOT_AZURE_STAGING_AZURE_ADMIN_GROUPS item 1 = "not-a-guid": is not an Entra ID group object id; use the lower-case GUID from the Azure portal`,
    );
  });

  it('the default environment is valid', () => {
    expect(() => validateEnvironments([azureStaging as EnvironmentInput])).not.toThrow();
  });
});
