import { z } from 'zod';
import { DATABASE_NAMESPACES } from '../../contracts/workloads';
import { cidrsOverlap, parseCidr } from '../../core/cidr';
import {
  baseDomain,
  publicAliases,
  checkZones,
  corePool,
  custom,
  environmentBase,
  gpuPool,
  type Issues,
  nodePool,
  prefixBetween,
} from '../schema-parts';

const AZURE_REGION = /^[a-z]+[a-z0-9]*$/;
const AZURE_VM_SIZE = /^Standard_[A-Za-z0-9_]+$/;
const AZURE_GPU_VM_SIZE = /^Standard_NC[A-Za-z0-9_]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The resource id of an Azure DNS zone; subscription, resource group and zone name are read from it. */
export const AZURE_DNS_ZONE_ID =
  /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([\w().-]{1,90})\/providers\/Microsoft\.Network\/dnszones\/([a-z0-9.-]+)$/i;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Database backup containers are `cnpg-<namespace>`, and Azure container names end at 63 characters. */
export const DATABASE_CONTAINER_PREFIX = 'cnpg-';
const DATABASE_NAMESPACE_MAX_CHARS = 63 - DATABASE_CONTAINER_PREFIX.length;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const pool = nodePool(AZURE_VM_SIZE, 'Standard_D4s_v5');

const uuid = (what: string) => z.string().regex(UUID, `is not ${what}; use the lower-case GUID from the Azure portal`);

const azureSettings = z.strictObject({
  /** The azurerm provider refuses any other subscription. @default ARM_SUBSCRIPTION_ID of the run */
  subscriptionId: uuid('a subscription id').optional(),
  /** @default the tenant of the credentials Terraform runs with */
  tenantId: uuid('a tenant id').optional(),
  /** Entra ID groups that get cluster admin through Azure RBAC. */
  adminGroupObjectIds: z.array(uuid('an Entra ID group object id')).default([]),
  /** Both carry the uptime SLA (checkov's CKV_AZURE_170 accepts Standard only, lib/policies/README.md). */
  skuTier: z
    .enum(['Standard', 'Premium'], { error: 'must be "Standard" or "Premium" (Free has no SLA)' })
    .default('Standard'),
  /** How the helm/kubernetes providers get an Entra ID token through kubelogin. */
  kubeloginMode: z
    .enum(['workloadidentity', 'azurecli', 'msi'], { error: 'must be "workloadidentity", "azurecli" or "msi"' })
    .default('workloadidentity'),
  /** Encrypt node temp disks and caches at the host (needs the EncryptionAtHost feature on the subscription). */
  hostEncryption: z.boolean().default(true),
  logRetentionDays: z.int().min(30, 'must be at least 30 days').max(730, 'must be at most 730 days').default(90),
  /**
   * Replication of the backups account. The geo-redundant types keep a copy in the region's pair, which a
   * lost region, or a subscription-wide mistake in it, does not take with it: production environments keep the
   * default. `ZRS` survives a zone only (staging). @default GZRS
   */
  storageReplication: z
    .enum(['ZRS', 'GZRS', 'RAGZRS', 'GRS'], { error: 'must be "ZRS", "GZRS", "RAGZRS" or "GRS" (no LRS for backups)' })
    .default('GZRS'),
  /** Days deleted blobs and containers of the backup account stay recoverable. */
  softDeleteDays: z.int().min(7, 'must be at least 7 days').max(365, 'must be at most 365 days').default(30),
  /** Size of the in-cluster S3-compatible store's data volume. */
  objectStoreSizeGiB: z.int().min(10, 'must be at least 10').max(32767).default(100),
  /**
   * Namespaces whose CloudNativePG cluster (`<namespace>-db`) backs up to Blob: each gets its own identity and
   * its own container `cnpg-<namespace>`, so a namespace must also make a container name.
   */
  databaseNamespaces: z
    .array(
      z
        .string()
        .regex(NAMESPACE, 'is not a namespace name; use a DNS label like "tasking-manager"')
        .max(
          DATABASE_NAMESPACE_MAX_CHARS,
          `is longer than ${DATABASE_NAMESPACE_MAX_CHARS} characters; its backup container cnpg-<namespace> must fit Azure's 63, use a shorter namespace`,
        )
        .refine((namespace) => !namespace.includes('--'), {
          error: 'has two hyphens in a row, which Azure container names refuse; use single hyphens',
        }),
    )
    .refine((namespaces) => new Set(namespaces).size === namespaces.length, {
      error: 'lists a namespace twice; list each once',
    })
    .default([...DATABASE_NAMESPACES]),
  maintenance: z
    .strictObject({
      dayOfWeek: z.enum(DAYS, { error: `must be one of ${DAYS.join(', ')}` }).default('Sunday'),
      startHourUtc: z.int().min(0).max(23, 'must be an hour 0-23 (UTC)').default(2),
      durationHours: z.int().min(4, 'must be at least 4 hours, the AKS minimum').max(24).default(4),
    })
    .prefault({}),
});

export const azureEnvironment = environmentBase
  .extend({
    cloud: z.literal('azure'),
    region: z.string().regex(AZURE_REGION, 'is not an Azure region; use a name like "westeurope"'),
    network: z.strictObject({
      vnetCidr: prefixBetween(16, 22, 'the node subnet'),
      serviceCidr: prefixBetween(12, 24, 'the cluster services'),
      podCidr: prefixBetween(12, 18, 'the overlay pod network'),
    }),
    nodePools: z.strictObject({
      core: corePool(pool),
      worker: pool,
      gpu: gpuPool(pool, AZURE_GPU_VM_SIZE, 'Standard_NC', 'Standard_NC4as_T4_v3').optional(),
    }),
    dns: z.strictObject({
      baseDomain,
      provider: z.literal('azure-dns', { error: 'must be "azure-dns" on azure' }).default('azure-dns'),
      /** An existing Azure DNS zone for baseDomain; absent, the cluster stack creates the zone. @default undefined */
      zoneId: z
        .string()
        .regex(
          AZURE_DNS_ZONE_ID,
          'is not an Azure DNS zone resource id; copy it from the zone, e.g. "/subscriptions/<id>/resourceGroups/dns/providers/Microsoft.Network/dnszones/hotosm.org"',
        )
        .optional(),
      publicAliases,
    }),
    azure: azureSettings.prefault({}),
  })
  .check((ctx) => {
    if (ctx.issues.length === 0) checkAzureEnvironment(ctx.value, ctx.issues);
  });

type AzureEnvironmentOutput = z.output<typeof azureEnvironment>;

function checkAzureEnvironment(env: AzureEnvironmentOutput, issues: Issues): void {
  checkZones(
    env.zones,
    (zone) => (['1', '2', '3'].includes(zone) ? undefined : 'is not an Azure availability zone; use "1", "2" or "3"'),
    issues,
  );
  for (const [name, config] of Object.entries(env.nodePools)) {
    if (config && config.instanceTypes.length > 1) {
      issues.push(
        custom(
          ['nodePools', name, 'instanceTypes'],
          config.instanceTypes,
          'lists more than one VM size; an AKS node pool has exactly one, list one',
        ),
      );
    }
  }
  const blocks = [
    ['vnetCidr', env.network.vnetCidr],
    ['serviceCidr', env.network.serviceCidr],
    ['podCidr', env.network.podCidr],
  ] as const;
  blocks.forEach(([name, block], index) => {
    for (const [otherName, other] of blocks.slice(0, index)) {
      const a = parseCidr(block);
      const b = parseCidr(other);
      if (a && b && cidrsOverlap(a, b)) {
        issues.push(
          custom(['network', name], block, `overlaps ${otherName} ${other}; the three blocks must be disjoint`),
        );
      }
    }
  });
  if (env.dns.zoneId) {
    const zoneName = AZURE_DNS_ZONE_ID.exec(env.dns.zoneId)?.[3];
    if (zoneName && zoneName.toLowerCase() !== env.dns.baseDomain) {
      issues.push(
        custom(['dns', 'zoneId'], env.dns.zoneId, `names zone ${zoneName}, not baseDomain ${env.dns.baseDomain}`),
      );
    }
  }
}
