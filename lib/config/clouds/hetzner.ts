import { z } from 'zod';
import { cidrsOverlap, parseCidr } from '../../core/cidr';
import { baseDomain, checkZones, custom, environmentBase, type Issues, nodePool, prefixBetween } from '../schema-parts';

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
/** Object Storage runs in these locations only. */
const OBJECT_STORAGE_LOCATIONS = ['fsn1', 'nbg1', 'hel1'] as const;

export function architectureOf(serverType: string): 'arm' | 'x86' {
  return serverType.startsWith('cax') ? 'arm' : 'x86';
}

const pool = nodePool(SERVER_TYPE, 'cpx31').check((ctx) => {
  const pool = ctx.value;
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

const hetznerSettings = z.strictObject({
  /** Control-plane servers: three for etcd quorum, five to survive two failures. */
  controlPlane: z
    .strictObject({
      serverType: z
        .string()
        .regex(SERVER_TYPE, 'is not a Hetzner server type; use a name like "cpx31"')
        .default('cpx31'),
      count: z.union([z.literal(3), z.literal(5)], { error: 'must be 3 or 5 (an odd etcd quorum)' }).default(3),
    })
    .prefault({}),
  /** The API load balancer's type. */
  loadBalancerType: z.enum(['lb11', 'lb21', 'lb31'], { error: 'must be "lb11", "lb21" or "lb31"' }).default('lb11'),
  /**
   * Public IPv4 on core and worker nodes. Off by default: nodes reach registries over IPv6 and the control
   * plane keeps the only public IPv4 addresses, behind the firewall.
   */
  workerPublicIpv4: z.boolean().default(false),
  /** Labels of the Talos snapshot (see lib/hetzner/README.md for the command that creates it). */
  imageSelector: z
    .string()
    .regex(/^[a-z0-9=,._/-]+$/, 'is not a label selector; use e.g. "os=talos,talos-version=v1.13.0"')
    .optional(),
  /** Object Storage location of the buckets. @default the first zone, when it offers Object Storage */
  objectStorageLocation: z
    .enum(OBJECT_STORAGE_LOCATIONS, { error: `must be one of ${OBJECT_STORAGE_LOCATIONS.join(', ')}` })
    .optional(),
  /** Bucket names are global on Hetzner Object Storage; the prefix keeps them unique. */
  bucketPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,29}$/, 'must be up to 30 lower-case letters, digits and -, e.g. "hotosm-"')
    .default('hotosm-'),
});

export const hetznerEnvironment = environmentBase
  .extend({
    cloud: z.literal('hetzner'),
    /** The network zone, e.g. eu-central. */
    region: z.enum(NETWORK_ZONES, { error: `is not a Hetzner network zone; use one of ${NETWORK_ZONES.join(', ')}` }),
    /** Locations of the zone the servers spread over, e.g. fsn1, nbg1, hel1. */
    zones: z.array(z.string()).min(1, 'is empty; list the locations to spread the servers over, e.g. ["fsn1"]'),
    network: z.strictObject({
      networkCidr: prefixBetween(16, 20, 'the node subnet and the load balancer'),
      podCidr: prefixBetween(12, 18, 'the pod network'),
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
    }),
    hetzner: hetznerSettings.prefault({}),
  })
  .check((ctx) => {
    if (ctx.issues.length === 0) checkHetznerEnvironment(ctx.value, ctx.issues);
  });

export type HetznerEnvironmentOutput = z.output<typeof hetznerEnvironment>;

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
  const network = parseCidr(env.network.networkCidr);
  for (const key of ['podCidr', 'serviceCidr'] as const) {
    const block = parseCidr(env.network[key]);
    if (network && block && cidrsOverlap(network, block)) {
      issues.push(
        custom(
          ['network', key],
          env.network[key],
          `overlaps networkCidr ${env.network.networkCidr}; pick a block outside it`,
        ),
      );
    }
  }
  const pods = parseCidr(env.network.podCidr);
  const services = parseCidr(env.network.serviceCidr);
  if (pods && services && cidrsOverlap(pods, services)) {
    issues.push(
      custom(
        ['network', 'serviceCidr'],
        env.network.serviceCidr,
        `overlaps podCidr ${env.network.podCidr}; pick another block`,
      ),
    );
  }
  if (!env.apiAccess.privateEndpoint && !env.hetzner.workerPublicIpv4) {
    issues.push(
      custom(
        ['apiAccess', 'privateEndpoint'],
        false,
        'core nodes get their first Talos configuration straight from Terraform, which then reaches them only by ' +
          'public IPv4; set hetzner.workerPublicIpv4 to true or run Terraform inside the network (privateEndpoint true)',
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
