import { z } from 'zod';
import { cidrsOverlap, formatCidr, parseCidr, type Ipv4Cidr } from '../../core/cidr';
import { hetznerAddresses } from '../../hetzner/addresses';
import { retiredServerType } from '../../hetzner/server-types';
import {
  baseDomain,
  kubernetesOidc,
  publicAliases,
  bucketPrefix,
  checkBucketNames,
  checkZones,
  custom,
  environmentBase,
  type Issues,
  nodePool,
  prefixBetween,
} from '../schema-parts';

/** Hetzner Cloud locations by network zone; a private network and its servers stay in one zone. */
export const HETZNER_LOCATIONS = {
  'eu-central': ['fsn1', 'nbg1', 'hel1'],
  'us-east': ['ash'],
  'us-west': ['hil'],
  'ap-southeast': ['sin'],
} as const;
export type HetznerNetworkZone = keyof typeof HETZNER_LOCATIONS;
const NETWORK_ZONES = Object.keys(HETZNER_LOCATIONS) as HetznerNetworkZone[];

/** Shared vCPU (cx, cpx), Arm (cax) and dedicated vCPU (ccx) server types. */
const SERVER_TYPE = /^(cx|cpx|cax|ccx)\d{2,3}$/;

/** A server type Hetzner still sells, or the one-line reason it is refused. */
const serverType = z
  .string()
  .regex(SERVER_TYPE, 'is not a Hetzner server type; use a name like "cpx32"')
  .refine((type) => retiredServerType(type) === undefined, {
    error: (issue) => retiredServerType(String(issue.input)),
  });
/** Object Storage runs in these locations only. */
const OBJECT_STORAGE_LOCATIONS = ['fsn1', 'nbg1', 'hel1'] as const;

export function architectureOf(serverType: string): 'arm' | 'x86' {
  return serverType.startsWith('cax') ? 'arm' : 'x86';
}

const pool = nodePool(SERVER_TYPE, 'cpx32').check((ctx) => {
  const pool = ctx.value;
  pool.instanceTypes.forEach((type, index) => {
    const retired = retiredServerType(type);
    if (retired) ctx.issues.push(custom(['instanceTypes', index], type, retired));
  });
  if (pool.spot) {
    ctx.issues.push(custom(['spot'], true, 'Hetzner Cloud has no spot servers; set spot to false'));
  }
  const architectures = new Set(pool.instanceTypes.map(architectureOf));
  if (architectures.size > 1) {
    ctx.issues.push(
      custom(
        ['instanceTypes'],
        pool.instanceTypes,
        'mixes Arm (cax) and x86 server types; one pool boots one Talos image, so split them into two pools',
      ),
    );
  }
});

/** `kubernetesOidc` with the issuer groups Talos binds to cluster-admin (in the control plane's manifests). */
const oidc = kubernetesOidc.extend({
  /** Issuer groups bound to cluster-admin (as `oidc:<group>`). @default [] */
  adminGroups: z
    .array(z.string().regex(/^\S+$/, 'is empty or has spaces; use the group as the issuer names it'))
    .default([]),
});

const hetznerSettings = z.strictObject({
  /** Control-plane servers: three for etcd quorum, five to survive two failures. */
  controlPlane: z
    .strictObject({
      serverType: serverType.default('cpx32'),
      count: z.union([z.literal(3), z.literal(5)], { error: 'must be 3 or 5 (an odd etcd quorum)' }).default(3),
    })
    .prefault({}),
  /** The API load balancer's type. */
  loadBalancerType: z.enum(['lb11', 'lb21', 'lb31'], { error: 'must be "lb11", "lb21" or "lb31"' }).default('lb11'),
  /** Labels of the Talos snapshot (see lib/hetzner/README.md for the command that creates it). */
  imageSelector: z
    .string()
    .regex(/^[a-z0-9=,._/-]+$/, 'is not a label selector; use e.g. "os=talos,talos-version=v1.13.0"')
    .optional(),
  /** Object Storage location of the buckets. @default the first zone, when it offers Object Storage */
  objectStorageLocation: z
    .enum(OBJECT_STORAGE_LOCATIONS, { error: `must be one of ${OBJECT_STORAGE_LOCATIONS.join(', ')}` })
    .optional(),
  bucketPrefix,
  /**
   * Days each version in the backups bucket is under Object Lock in COMPLIANCE mode (no key, not even the
   * runner's, can delete it sooner: every Hetzner key could bypass GOVERNANCE); 0 turns the lock off. Set at
   * bucket creation only. @default 14
   */
  backupObjectLockDays: z
    .int()
    .min(0, 'must be 0 (no lock) or more days')
    .max(365, 'must be at most 365 days; every locked version is stored, and paid for, that long')
    .default(14),
  /** OIDC login for human admins (lib/hetzner/README.md, "Admin access"). @default undefined (none) */
  oidc: oidc.optional(),
  /**
   * The key another environment restores this one's backups with (`restoreFrom`): made by hand in the
   * backups project's console (Hetzner has no API for keys), its project id and access key id. The backups
   * bucket's policy then denies that key every write, delete and policy change. @default undefined (this
   * environment cannot be a restore source)
   */
  restoreReader: z
    .strictObject({
      projectId: z.string().regex(/^\d{1,20}$/, 'is not a Hetzner project id; use the digits of its console URL'),
      accessKeyId: z
        .string()
        .regex(
          /^[A-Za-z0-9]{16,64}$/,
          'is not an Object Storage access key id; use the 16-64 letters and digits shown with the key',
        ),
    })
    .optional(),
});

export const hetznerEnvironment = environmentBase
  .extend({
    cloud: z.literal('hetzner'),
    /** The network zone, e.g. eu-central. */
    region: z.enum(NETWORK_ZONES, { error: `is not a Hetzner network zone; use one of ${NETWORK_ZONES.join(', ')}` }),
    /** Locations of the zone the servers spread over, e.g. fsn1, nbg1, hel1. */
    zones: z.array(z.string()).min(1, 'is empty; list the locations to spread the servers over, e.g. ["fsn1"]'),
    network: z.strictObject({
      networkCidr: prefixBetween(16, 20, 'the node subnet, the load balancer and the pod network'),
      podCidr: prefixBetween(16, 21, 'the pod network (a /24 per node)'),
      serviceCidr: prefixBetween(12, 24, 'the cluster services'),
    }),
    nodePools: z.strictObject({
      core: pool,
      worker: pool,
      gpu: z.unknown().optional(),
    }),
    dns: z.strictObject({
      baseDomain,
      /** external-dns provider name for the zone on Hetzner DNS. */
      provider: z.literal('hetzner', { error: 'must be "hetzner" on hetzner' }).default('hetzner'),
      /** An existing Hetzner Cloud DNS zone; absent, the cluster stack creates the zone. @default undefined */
      zoneId: z
        .string()
        .regex(/^[1-9][0-9]{0,18}$/, 'is not a Hetzner Cloud DNS zone id; copy the number from the zone, e.g. "123456"')
        .optional(),
      publicAliases,
    }),
    hetzner: hetznerSettings.prefault({}),
  })
  .check((ctx) => {
    if (ctx.issues.length === 0) checkHetznerEnvironment(ctx.value, ctx.issues);
  });

export type HetznerEnvironmentOutput = z.output<typeof hetznerEnvironment>;

/**
 * `<name>.<public suffix>`: two labels, or three under a country's second level (`co.uk`, `com.au`: a label of
 * at most three letters before a two-letter country code). A short rule, not the public suffix list: it refuses
 * every name under a generic TLD deeper than two labels, which is what Hetzner refuses too.
 */
export function isRegistrableDomain(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length === 2) return true;
  return labels.length === 3 && /^[a-z]{2,3}$/.test(labels[1]) && /^[a-z]{2}$/.test(labels[2]);
}

function checkHetznerEnvironment(env: HetznerEnvironmentOutput, issues: Issues): void {
  if (env.nodePools.gpu !== undefined) {
    issues.push(
      custom(
        ['nodePools', 'gpu'],
        env.nodePools.gpu,
        'Hetzner Cloud has no GPU servers; remove the gpu pool (GPU apps run on CPU or are disabled here)',
      ),
    );
  }
  const locations: readonly string[] = HETZNER_LOCATIONS[env.region];
  checkZones(
    env.zones,
    (zone) =>
      locations.includes(zone)
        ? undefined
        : `is not a location of network zone ${env.region}; use one of ${locations.join(', ')}`,
    issues,
    'location',
  );
  checkNetwork(env, issues);
  if (!env.dns.zoneId && !isRegistrableDomain(env.dns.baseDomain)) {
    issues.push(
      custom(
        ['dns', 'baseDomain'],
        env.dns.baseDomain,
        'is a subdomain, and Hetzner Cloud DNS hosts only registrable domains ("Subzones are not supported"); ' +
          'use a domain of the environment\'s own (e.g. "hotosm-dr.org"), or set dns.zoneId to the Hetzner zone it lies in',
      ),
    );
  }
  const core = env.nodePools.core;
  const coreCount = core.desiredSize ?? core.minSize;
  // A spread placement group holds at most 10 servers, and there is one per location.
  const maxCore = Math.min(100, 10 * env.zones.length);
  if (coreCount < 1 || coreCount > maxCore) {
    issues.push(
      custom(
        ['nodePools', 'core', core.desiredSize === undefined ? 'minSize' : 'desiredSize'],
        coreCount,
        `sets how many core servers Terraform keeps; use 1 to ${maxCore} (at least one for system services, ` +
          'at most 10 per location in a spread placement group)',
      ),
    );
  }
  checkBucketNames(env.hetzner.bucketPrefix, env.name, 'Object Storage', issues, ['hetzner', 'bucketPrefix']);
  const storage = env.hetzner.objectStorageLocation;
  if (storage === undefined && !(['fsn1', 'nbg1', 'hel1'] as string[]).includes(env.zones[0] ?? '')) {
    issues.push(
      custom(
        ['hetzner', 'objectStorageLocation'],
        storage,
        `Hetzner has no Object Storage in ${env.zones[0]}; set it to fsn1, nbg1 or hel1`,
      ),
    );
  }
}

/**
 * Pods get addresses inside the private network, routed by the cloud controller's routes (one per node), and
 * Cilium routes them natively (no overlay): a pod CIDR outside the network has no route, and nodes stay
 * `NetworkUnavailable`. So podCidr lies inside networkCidr, clear of the node subnet; services stay apart.
 */
function checkNetwork(env: HetznerEnvironmentOutput, issues: Issues): void {
  const network = parseCidr(env.network.networkCidr);
  const pods = parseCidr(env.network.podCidr);
  const services = parseCidr(env.network.serviceCidr);
  if (!network || !pods || !services) return;
  const nodes = parseCidr(hetznerAddresses(env.network.networkCidr, 1, 1).nodeSubnet);
  if (!contains(network, pods)) {
    issues.push(
      custom(
        ['network', 'podCidr'],
        env.network.podCidr,
        `lies outside networkCidr ${env.network.networkCidr}; Hetzner routes pod traffic only inside the network, pick a block inside it clear of the node subnet`,
      ),
    );
  } else if (nodes && cidrsOverlap(nodes, pods)) {
    issues.push(
      custom(
        ['network', 'podCidr'],
        env.network.podCidr,
        `overlaps the node subnet ${formatCidr(nodes)}; pick a block after it inside networkCidr`,
      ),
    );
  }
  if (cidrsOverlap(services, pods) || (nodes && cidrsOverlap(services, nodes))) {
    issues.push(
      custom(
        ['network', 'serviceCidr'],
        env.network.serviceCidr,
        `overlaps the pods (${env.network.podCidr}) or the node subnet; pick another block`,
      ),
    );
  }
}

function contains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return outer.prefix <= inner.prefix && cidrsOverlap(outer, inner);
}
