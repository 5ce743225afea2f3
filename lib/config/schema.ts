import { z } from 'zod';
import { cidrsOverlap, hasHostBits, parseCidr } from '../core/cidr';
import { CLOUDS } from './clouds';
import { SUPPORTED_KUBERNETES_VERSIONS } from './kubernetes-versions';

/**
 * The environment model. Messages are the part after `<setting> = <value>: ` in the one-line errors that
 * `validateEnvironments` produces, so each says what is wrong and how to fix it.
 */

/** Environment names become stack ids, cluster names and name prefixes of cloud resources (IAM allows 38). */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const AWS_INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const AWS_GPU_INSTANCE_TYPE = /^(g4dn|g5|g5g|g6|g6e|gr6|p3|p3dn|p4d|p4de|p5|p5e|p5en)\.[a-z0-9]+$/;
const AWS_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;
const TAG_KEY = /^[\w .:/=+@-]{1,128}$/;

const cidr = z.string().check((ctx) => {
  if (parseCidr(ctx.value)) return;
  ctx.issues.push({
    code: 'custom',
    input: ctx.value,
    message: hasHostBits(ctx.value)
      ? 'has host bits set; use the network address of the block, e.g. "10.20.0.0/16" instead of "10.20.1.0/16"'
      : 'is not an IPv4 CIDR; write it as a.b.c.d/n, e.g. "10.20.0.0/16"',
  });
});

function prefixBetween(min: number, max: number, purpose: string) {
  return cidr.refine((value) => inRange(parseCidr(value)?.prefix, min, max), {
    message: `must be between /${min} and /${max} to fit ${purpose}; pick a block of that size`,
  });
}

function inRange(value: number | undefined, min: number, max: number): boolean {
  return value === undefined || (value >= min && value <= max);
}

const nodePool = z
  .strictObject({
    instanceTypes: z
      .array(z.string().regex(AWS_INSTANCE_TYPE, 'is not an instance type; use a name like "m7i.large"'))
      .min(1, 'is empty; list at least one instance type, e.g. ["m7i.large"]'),
    minSize: z.int().min(0, 'is negative; use 0 or more'),
    maxSize: z.int().min(1, 'must be at least 1; a pool that can never have a node is not a pool, remove it'),
    desiredSize: z.int().min(0).optional(),
    spot: z.boolean().default(false),
    diskSizeGiB: z.int().min(20, 'is too small for a node image and images; use at least 20').max(1024).default(50),
  })
  .check((ctx) => {
    const pool = ctx.value;
    if (pool.minSize > pool.maxSize) {
      ctx.issues.push({
        code: 'custom',
        input: pool.minSize,
        path: ['minSize'],
        message: `is greater than maxSize (${pool.maxSize}); lower minSize or raise maxSize`,
      });
    }
    if (pool.desiredSize !== undefined && !inRange(pool.desiredSize, pool.minSize, pool.maxSize)) {
      ctx.issues.push({
        code: 'custom',
        input: pool.desiredSize,
        path: ['desiredSize'],
        message: `is outside minSize..maxSize (${pool.minSize}..${pool.maxSize}); pick a size in that range`,
      });
    }
  });

const corePool = nodePool.refine((pool) => !pool.spot, {
  path: ['spot'],
  message: 'the core pool runs cluster-critical services and must be on-demand; set spot to false',
});

const gpuPool = nodePool.check((ctx) => {
  ctx.value.instanceTypes.forEach((type, index) => {
    if (!AWS_GPU_INSTANCE_TYPE.test(type)) {
      ctx.issues.push({
        code: 'custom',
        input: type,
        path: ['instanceTypes', index],
        message: 'is not an NVIDIA GPU instance type; use a g4dn, g5, g6 or p-family type, e.g. "g5.xlarge"',
      });
    }
  });
});

const tags = z.record(
  z
    .string()
    .regex(TAG_KEY, 'is not a valid tag key; use up to 128 letters, digits, spaces and _ . : / = + - @')
    .refine((key) => !key.toLowerCase().startsWith('aws:'), 'uses the reserved "aws:" prefix; choose another key'),
  z.string().max(256, 'is longer than 256 characters; shorten the tag value'),
);

const backend = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('local') }),
    z.strictObject({
      type: z.literal('terraform-cloud'),
      organization: z
        .string()
        .regex(
          /^[A-Za-z0-9_-]{3,40}$/,
          'is not a Terraform Cloud organization name; use 3-40 letters, digits, - and _',
        ),
      hostname: z.string().regex(DOMAIN, 'is not a hostname; use e.g. "app.terraform.io"').default('app.terraform.io'),
      workspacePrefix: z
        .string()
        .regex(/^[a-z0-9_-]{0,30}$/, 'may hold only up to 30 lower-case letters, digits, - and _')
        .default('hot-'),
    }),
  ],
  { error: 'must be {"type":"local"} or {"type":"terraform-cloud","organization":"<org>"}' },
);

const awsSettings = z.strictObject({
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'is not an AWS account id; use the 12 digits, e.g. "123456789012"')
    .optional(),
  adminPrincipalArns: z
    .array(
      z
        .string()
        .regex(AWS_PRINCIPAL_ARN, 'is not an IAM role or user ARN; use e.g. "arn:aws:iam::123456789012:role/Admin"'),
    )
    .default([]),
  natGateways: z
    .enum(['one-per-zone', 'single'], { error: 'must be "one-per-zone" or "single"' })
    .default('one-per-zone'),
  /** STANDARD avoids EKS extended-support charges: the cluster is upgraded when standard support ends. */
  supportType: z.enum(['STANDARD', 'EXTENDED'], { error: 'must be "STANDARD" or "EXTENDED"' }).default('STANDARD'),
  controlPlaneLogRetentionDays: z
    .union([z.literal(90), z.literal(180), z.literal(365), z.literal(731)], {
      error: 'must be one of 90, 180, 365 or 731 (days)',
    })
    .default(90),
});

const environmentBase = z.strictObject({
  name: z
    .string()
    .regex(ENVIRONMENT_NAME, 'must be 2-20 lower-case letters, digits and -, starting with a letter, e.g. "aws-prod"'),
  region: z.string(),
  zones: z.array(z.string()).min(2, 'needs at least two zones for a highly available control plane; list two or three'),
  kubernetesVersion: z
    .string()
    .regex(/^1\.\d{2}$/, 'must be a Kubernetes minor version like "1.35" (no "v", no patch)'),
  network: z.strictObject({
    vpcCidr: prefixBetween(16, 18, 'a private and a public subnet for up to six zones'),
    serviceCidr: prefixBetween(12, 24, 'the cluster services'),
  }),
  apiAccess: z.strictObject({
    privateEndpoint: z.boolean().default(true),
    publicAccessCidrs: z.array(cidr).default([]),
  }),
  nodePools: z.strictObject({
    core: corePool,
    worker: nodePool,
    gpu: gpuPool.optional(),
  }),
  dns: z.strictObject({
    baseDomain: z
      .string()
      .regex(DOMAIN, 'is not a DNS domain; use lower-case labels separated by dots, e.g. "hotosm.org"'),
    zoneId: z.string().optional(),
  }),
  backend: backend.default({ type: 'local' }),
  tags: tags.default({}),
});

const awsEnvironment = environmentBase.extend({
  cloud: z.literal('aws'),
  region: z.string().regex(AWS_REGION, 'is not an AWS region; use a name like "us-east-1"'),
  dns: environmentBase.shape.dns.extend({
    provider: z.literal('route53', { error: 'must be "route53" on aws' }).default('route53'),
    zoneId: z
      .string()
      .regex(
        /^Z[A-Z0-9]{1,31}$/,
        'is not a Route53 hosted zone id; copy it from the zone, e.g. "Z0123456789ABCDEFGHIJ"',
      )
      .optional(),
  }),
  aws: awsSettings.prefault({}),
});

export const environmentSchema = z
  .discriminatedUnion('cloud', [awsEnvironment], {
    error: `is not a cloud this app can build; use one of ${CLOUDS.join(', ')}`,
  })
  .check((ctx) => {
    // Cross-field checks only make sense once every field has the right shape.
    if (ctx.issues.length === 0) checkEnvironment(ctx.value, ctx.issues);
  });

export type Environment = z.output<typeof environmentSchema>;
export type EnvironmentInput = z.input<typeof environmentSchema>;
export type NodePoolConfig = z.output<typeof nodePool>;
export type BackendConfig = z.output<typeof backend>;

type Issues = z.core.$ZodRawIssue[];

function checkEnvironment(env: Environment, issues: Issues): void {
  const supported = SUPPORTED_KUBERNETES_VERSIONS[env.cloud];
  if (!supported.includes(env.kubernetesVersion)) {
    issues.push(
      custom(
        ['kubernetesVersion'],
        env.kubernetesVersion,
        `is not supported on ${env.cloud}; use one of ${supported.join(', ')}`,
      ),
    );
  }
  const seenZones = new Set<string>();
  env.zones.forEach((zone, index) => {
    if (!isZoneOf(zone, env.region)) {
      issues.push(custom(['zones', index], zone, `is not a zone of region ${env.region}; use e.g. "${env.region}a"`));
    } else if (seenZones.has(zone)) {
      issues.push(custom(['zones', index], zone, 'is listed twice; list each zone once'));
    }
    seenZones.add(zone);
  });
  const vpc = parseCidr(env.network.vpcCidr);
  const services = parseCidr(env.network.serviceCidr);
  if (vpc && services && cidrsOverlap(vpc, services)) {
    issues.push(
      custom(
        ['network', 'serviceCidr'],
        env.network.serviceCidr,
        `overlaps vpcCidr ${env.network.vpcCidr}; pick a block outside it, e.g. "172.20.0.0/16"`,
      ),
    );
  }
  env.apiAccess.publicAccessCidrs.forEach((block, index) => {
    if (parseCidr(block)?.prefix === 0) {
      issues.push(
        custom(
          ['apiAccess', 'publicAccessCidrs', index],
          block,
          'opens the Kubernetes API to the whole internet; list your office or VPN ranges instead',
        ),
      );
    }
  });
  if (!env.apiAccess.privateEndpoint && env.apiAccess.publicAccessCidrs.length === 0) {
    issues.push(
      custom(
        ['apiAccess', 'privateEndpoint'],
        false,
        'with no publicAccessCidrs nothing could reach the API; set privateEndpoint to true or list public CIDRs',
      ),
    );
  }
  if (env.zones.length > 6) {
    issues.push(custom(['zones'], env.zones, 'lists more than 6 zones; the network plan carves at most 6, list fewer'));
  }
}

function isZoneOf(zone: string, region: string): boolean {
  return zone.length === region.length + 1 && zone.startsWith(region) && /[a-z]$/.test(zone);
}

function custom(path: (string | number)[], input: unknown, message: string): z.core.$ZodRawIssue {
  return { code: 'custom', path, input, message };
}
