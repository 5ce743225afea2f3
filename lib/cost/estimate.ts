import type { NodePoolConfig } from '../config/schema-parts';
import type { Environment } from '../config/schema';
import { deliveredObjects, ofKind, strings } from '../policies/read';
import type { StackDocument } from '../policies/types';
import { PRICE_TABLES, type PriceTable } from './prices';

/** Hours in the average month, as the clouds bill them. */
export const HOURS_PER_MONTH = 730;

/**
 * Quantities the stacks cannot know, stated so the estimate can be judged: data kept in object storage per
 * environment (backups and app buckets together), and one load-balancer capacity unit (low traffic).
 */
export const ASSUMPTIONS = { objectStorageGiB: 500, loadBalancerCapacityUnits: 1 } as const;

export interface CostLine {
  readonly item: string;
  /** How many, at the pools' minimum and expected sizes. */
  readonly minimum: number;
  readonly expected: number;
  /** The price table row it is priced with. */
  readonly price: string;
  /** Monthly cost of the quantities. */
  readonly minimumCost: number;
  readonly expectedCost: number;
}

export interface CostEstimate {
  readonly environment: string;
  readonly currency: PriceTable['currency'];
  readonly priceDate: string;
  readonly lines: readonly CostLine[];
  readonly minimum: number;
  readonly expected: number;
  /** What is in the environment but has no sourced price (named, never guessed). */
  readonly unpriced: readonly string[];
}

/** The documents an estimate reads: the cluster stack (keys) and the apps stack (volumes). */
export interface EnvironmentDocuments {
  readonly cluster: StackDocument;
  readonly apps: StackDocument;
}

const GIB = /^(\d+(?:\.\d+)?)(Gi|Ti)$/;

function gibOf(size: unknown): number {
  const match = GIB.exec(String(size));
  if (!match) return 0;
  return Number(match[1]) * (match[2] === 'Ti' ? 1024 : 1);
}

/** Persistent volumes the apps stack declares: database instances and charts' volume claims, in GiB. */
export function declaredVolumeGiB(apps: StackDocument): number {
  let total = 0;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      const requests = (object.resources as { requests?: { storage?: unknown } } | undefined)?.requests;
      if (requests?.storage !== undefined) total += gibOf(requests.storage);
      Object.values(object).forEach(walk);
    }
  };
  for (const release of Object.values(apps.resource?.helm_release ?? {})) {
    for (const cluster of ofKind(deliveredObjects(release), 'postgresql.cnpg.io', 'Cluster')) {
      const spec = cluster.spec as { instances?: number; storage?: { size?: unknown } };
      total += (spec.instances ?? 1) * gibOf(spec.storage?.size);
    }
    for (const text of strings(release.values)) {
      try {
        walk(JSON.parse(text));
      } catch {
        // Not JSON: not ours to read.
      }
    }
  }
  return total;
}

interface Quantity {
  readonly item: string;
  readonly minimum: number;
  readonly expected?: number;
  readonly price: string;
  /** Units of the price per item per month (730 for an hourly price, GiB for a per-GiB one). */
  readonly factor?: number;
}

function expectedNodes(pool: NodePoolConfig): number {
  return pool.expectedSize ?? pool.desiredSize ?? pool.minSize;
}

function poolQuantities(env: Environment, table: PriceTable): Quantity[] {
  const pools = Object.entries(env.nodePools).filter(
    (entry): entry is [string, NodePoolConfig] => entry[1] !== undefined,
  );
  return pools.flatMap(([name, pool]) => {
    const type = pool.instanceTypes[0];
    const hourly = table.prices[type]?.per === 'hour';
    const nodes = [
      {
        item: `${name} nodes (${type}${pool.spot ? ', spot: billed below this' : ''})`,
        minimum: pool.minSize,
        expected: expectedNodes(pool),
        price: type,
        factor: hourly ? HOURS_PER_MONTH : 1,
      },
    ];
    return env.cloud === 'hetzner'
      ? nodes // Hetzner servers bring their own disk.
      : [
          ...nodes,
          {
            item: `${name} node disks (${pool.diskSizeGiB} GiB each)`,
            minimum: pool.minSize * pool.diskSizeGiB,
            expected: expectedNodes(pool) * pool.diskSizeGiB,
            price: env.cloud === 'aws' ? 'ebs-gp3' : 'premium-ssd',
          },
        ];
  });
}

function count(doc: StackDocument, type: string): number {
  return Object.keys(doc.resource?.[type] ?? {}).length;
}

function cloudQuantities(env: Environment, docs: EnvironmentDocuments, volumesGiB: number): Quantity[] {
  const ownZone = env.dns.zoneId === undefined ? 1 : 0;
  switch (env.cloud) {
    case 'aws': {
      const nat = env.aws.natGateways === 'one-per-zone' ? env.zones.length : 1;
      return [
        {
          item: 'EKS control plane',
          minimum: 1,
          price: env.aws.supportType === 'EXTENDED' ? 'eks-cluster-extended' : 'eks-cluster',
          factor: HOURS_PER_MONTH,
        },
        {
          item: `NAT gateways (${env.aws.natGateways}; data processed extra)`,
          minimum: nat,
          price: 'nat-gateway',
          factor: HOURS_PER_MONTH,
        },
        { item: 'ingress Network Load Balancer', minimum: 1, price: 'nlb', factor: HOURS_PER_MONTH },
        {
          item: `load balancer capacity (${ASSUMPTIONS.loadBalancerCapacityUnits} NLCU, assumed)`,
          minimum: ASSUMPTIONS.loadBalancerCapacityUnits,
          price: 'nlb-lcu',
          factor: HOURS_PER_MONTH,
        },
        {
          item: 'public IPv4 (NAT gateways, one per NLB zone)',
          minimum: nat + env.zones.length,
          price: 'public-ipv4',
          factor: HOURS_PER_MONTH,
        },
        { item: 'volumes (databases, charts)', minimum: volumesGiB, price: 'ebs-gp3' },
        {
          item: `object storage (${ASSUMPTIONS.objectStorageGiB} GiB assumed${env.aws.backupReplica ? ', and its copy' : ''})`,
          minimum: ASSUMPTIONS.objectStorageGiB * (env.aws.backupReplica ? 2 : 1),
          price: 's3-standard',
        },
        { item: 'KMS keys', minimum: count(docs.cluster, 'aws_kms_key'), price: 'kms-key' },
        { item: 'Route 53 zone', minimum: ownZone, price: 'route53-zone' },
      ];
    }
    case 'azure':
      return [
        {
          item: `AKS control plane (${env.azure.skuTier})`,
          minimum: 1,
          price: env.azure.skuTier === 'Standard' ? 'aks-standard' : 'aks-premium',
          factor: HOURS_PER_MONTH,
        },
        {
          item: 'Standard Load Balancer (ingress and outbound)',
          minimum: 1,
          price: 'load-balancer',
          factor: HOURS_PER_MONTH,
        },
        { item: 'public IPs (outbound, ingress)', minimum: 2, price: 'public-ip', factor: HOURS_PER_MONTH },
        { item: 'volumes (databases, charts)', minimum: volumesGiB, price: 'premium-ssd' },
        {
          item: 'Key Vault HSM key (etcd KMS)',
          minimum: count(docs.cluster, 'azurerm_key_vault_key'),
          price: 'key-vault-hsm-key',
        },
        { item: 'DNS zone', minimum: ownZone, price: 'dns-zone' },
      ];
    case 'hetzner': {
      const controlPlane = env.hetzner.controlPlane;
      const servers = (pools: number) => controlPlane.count + pools;
      const pools = Object.values(env.nodePools).filter((p): p is NodePoolConfig => p !== undefined);
      const poolNodes = (size: (p: NodePoolConfig) => number) => pools.reduce((sum, pool) => sum + size(pool), 0);
      return [
        {
          item: `control plane (${controlPlane.count} x ${controlPlane.serverType})`,
          minimum: controlPlane.count,
          price: controlPlane.serverType,
        },
        {
          item: 'primary IPv4 (every server)',
          minimum: servers(poolNodes((p) => p.minSize)),
          expected: servers(poolNodes(expectedNodes)),
          price: 'primary-ipv4',
        },
        {
          item: `API load balancer (${env.hetzner.loadBalancerType})`,
          minimum: 1,
          price: env.hetzner.loadBalancerType,
        },
        { item: 'ingress load balancer (lb11)', minimum: 1, price: 'lb11' },
        { item: 'volumes (databases, charts)', minimum: volumesGiB, price: 'volume' },
        {
          item: `object storage (two projects, ${ASSUMPTIONS.objectStorageGiB} GiB assumed, within the 1 TB each includes)`,
          minimum: 2,
          price: 'object-storage-base',
        },
        { item: 'DNS zone', minimum: ownZone, price: 'dns-zone' },
      ];
    }
  }
}

/**
 * The monthly cost of one environment at its pools' minimum and expected sizes, from its settings, what its
 * stacks declare and the dated price table. A quantity whose price the table lacks is listed as unpriced.
 */
export function estimateMonthlyCost(
  env: Environment,
  docs: EnvironmentDocuments,
  table: PriceTable = PRICE_TABLES[env.cloud],
): CostEstimate {
  const quantities = [...poolQuantities(env, table), ...cloudQuantities(env, docs, declaredVolumeGiB(docs.apps))];
  const unpriced: string[] = [];
  const lines: CostLine[] = [];
  for (const q of quantities) {
    const price = table.prices[q.price];
    const expected = q.expected ?? q.minimum;
    if (!price) {
      if (q.minimum > 0 || expected > 0)
        unpriced.push(`${q.item}: no price for "${q.price}" in the ${table.region} table`);
      continue;
    }
    const unit = price.amount * (q.factor ?? (price.per === 'hour' ? HOURS_PER_MONTH : 1));
    lines.push({
      item: q.item,
      minimum: q.minimum,
      expected,
      price: q.price,
      minimumCost: q.minimum * unit,
      expectedCost: expected * unit,
    });
  }
  if (env.cloud === 'azure')
    unpriced.push('Blob storage of the backups: no sourced West Europe price for hot ZRS/GZRS');
  const sum = (pick: (l: CostLine) => number) => Math.round(lines.reduce((total, l) => total + pick(l), 0) * 100) / 100;
  return {
    environment: env.name,
    currency: table.currency,
    priceDate: table.date,
    lines,
    minimum: sum((l) => l.minimumCost),
    expected: sum((l) => l.expectedCost),
    unpriced,
  };
}

/**
 * HOT's AWS footprint today (hotosm/k8s-infra): 7 on-demand t3.xlarge nodes, the EKS control plane, a NAT
 * gateway and a load balancer, priced with the same table.
 */
export function currentAwsFootprint(table: PriceTable = PRICE_TABLES.aws): number {
  const hourly = (key: string) => table.prices[key].amount * HOURS_PER_MONTH;
  return (
    Math.round((7 * hourly('t3.xlarge') + hourly('eks-cluster') + hourly('nat-gateway') + hourly('nlb')) * 100) / 100
  );
}
