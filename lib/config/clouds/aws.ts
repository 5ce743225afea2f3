import { z } from 'zod';
import { DATABASE_NAMESPACES } from '../../contracts/workloads';
import { cidrsOverlap, parseCidr } from '../../core/cidr';
import {
  baseDomain,
  kubernetesOidc,
  publicAliases,
  bucketPrefix,
  checkBucketNames,
  checkZones,
  corePool,
  custom,
  environmentBase,
  gpuPool,
  type Issues,
  nodePool,
  prefixBetween,
} from '../schema-parts';

const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const AWS_INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const AWS_GPU_INSTANCE_TYPE = /^(g4dn|g5|g5g|g6|g6e|gr6|p3|p3dn|p4d|p4de|p5|p5e|p5en)\.[a-z0-9]+$/;
const AWS_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;

const pool = nodePool(AWS_INSTANCE_TYPE, 'm7i.large');

/** The CloudWatch retention periods of a year or more: audit evidence is kept at least a year (CKV_AWS_338). */
export const LOG_RETENTION_DAYS = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const logRetentionDays = z
  .union(
    LOG_RETENTION_DAYS.map((days) => z.literal(days)),
    {
      error: `must be one of ${LOG_RETENTION_DAYS.join(', ')} (days): CloudWatch offers these periods, and logs are kept at least a year`,
    },
  )
  .default(365);

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
  /**
   * An EKS OIDC identity provider: people sign in to the API with the issuer's ID tokens (`oidc:` prefixed), with
   * only what RBAC binds them to (admins stay IAM access entries). @default undefined (IAM only)
   */
  oidc: kubernetesOidc.optional(),
  /** STANDARD avoids EKS extended-support charges: the cluster is upgraded when standard support ends. */
  supportType: z.enum(['STANDARD', 'EXTENDED'], { error: 'must be "STANDARD" or "EXTENDED"' }).default('STANDARD'),
  controlPlaneLogRetentionDays: logRetentionDays,
  /** Days CloudWatch keeps the VPC flow logs (every accepted and rejected connection). */
  flowLogRetentionDays: logRetentionDays,
  bucketPrefix,
  /** Days a replaced or deleted object version is kept before S3 expires it. */
  noncurrentVersionDays: z
    .int()
    .min(7, 'keeps too little history to recover from a mistake; use 7 or more')
    .max(3650)
    .default(30),
  /** Days S3 server access logs of the backups bucket are kept before they expire. */
  accessLogDays: z
    .int()
    .min(90, 'keeps too little to investigate a backup deleted or read; use 90 or more')
    .max(3650)
    .default(365),
  /**
   * A locked copy of the backups bucket in another region (S3 replication into an Object Lock bucket there),
   * so a lost region, a deleted bucket or a stolen key does not take the backups with it. @default none
   */
  backupReplica: z
    .strictObject({
      region: z.string().regex(AWS_REGION, 'is not an AWS region; use a name like "us-west-2"'),
      /** GOVERNANCE: a principal with s3:BypassGovernanceRetention can still delete; COMPLIANCE: nobody can. */
      objectLockMode: z
        .enum(['GOVERNANCE', 'COMPLIANCE'], { error: 'must be "GOVERNANCE" or "COMPLIANCE"' })
        .default('GOVERNANCE'),
      /** Days every replicated object version is locked against deletion and overwrite. */
      objectLockDays: z
        .int()
        .min(7, 'locks the copy too briefly to outlast a mistake noticed late; use 7 or more')
        .max(3650)
        .default(30),
    })
    .optional(),
  /** Namespaces whose CloudNativePG cluster (`<namespace>-db`) may write `cnpg/<namespace>/` in the backups bucket. */
  databaseNamespaces: z
    .array(z.string().regex(/^[a-z0-9]([-a-z0-9]{0,59}[a-z0-9])?$/, 'is not a namespace name; use a DNS label'))
    .default([...DATABASE_NAMESPACES]),
});

export const awsEnvironment = environmentBase
  .extend({
    cloud: z.literal('aws'),
    region: z.string().regex(AWS_REGION, 'is not an AWS region; use a name like "us-east-1"'),
    network: z.strictObject({
      vpcCidr: prefixBetween(16, 18, 'a private and a public subnet for up to six zones'),
      serviceCidr: prefixBetween(12, 24, 'the cluster services'),
    }),
    nodePools: z.strictObject({
      core: corePool(pool),
      worker: pool,
      gpu: gpuPool(pool, AWS_GPU_INSTANCE_TYPE, 'g4dn, g5, g6 or p-family', 'g5.xlarge').optional(),
    }),
    dns: z.strictObject({
      baseDomain,
      provider: z.literal('route53', { error: 'must be "route53" on aws' }).default('route53'),
      /** An existing Route 53 hosted zone for baseDomain; absent, the cluster stack creates the zone. @default undefined */
      zoneId: z
        .string()
        .regex(
          /^Z[A-Z0-9]{1,31}$/,
          'is not a Route53 hosted zone id; copy it from the zone, e.g. "Z0123456789ABCDEFGHIJ"',
        )
        .optional(),
      publicAliases,
    }),
    aws: awsSettings.prefault({}),
  })
  .check((ctx) => {
    if (ctx.issues.length === 0) checkAwsEnvironment(ctx.value, ctx.issues);
  });

type AwsEnvironmentOutput = z.output<typeof awsEnvironment>;

function checkAwsEnvironment(env: AwsEnvironmentOutput, issues: Issues): void {
  checkZones(
    env.zones,
    (zone) =>
      isZoneOf(zone, env.region) ? undefined : `is not a zone of region ${env.region}; use e.g. "${env.region}a"`,
    issues,
  );
  if (env.zones.length > 6) {
    issues.push(custom(['zones'], env.zones, 'lists more than 6 zones; the network plan carves at most 6, list fewer'));
  }
  checkBucketNames(env.aws.bucketPrefix, env.name, 'S3', issues, ['aws', 'bucketPrefix']);
  const replica = env.aws.backupReplica;
  if (replica && replica.region === env.region) {
    issues.push(
      custom(
        ['aws', 'backupReplica', 'region'],
        replica.region,
        `is the cluster's region too, so the copy would fall with it; pick another region, e.g. "${env.region === 'us-west-2' ? 'us-east-2' : 'us-west-2'}"`,
      ),
    );
  } else if (replica && partitionOfRegion(replica.region) !== partitionOfRegion(env.region)) {
    issues.push(
      custom(
        ['aws', 'backupReplica', 'region'],
        replica.region,
        `is in another AWS partition than ${env.region}, and S3 cannot replicate across partitions; pick a region of the same partition`,
      ),
    );
  }
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
}

/** `aws`, `aws-cn` or `aws-us-gov`: S3 replicates only within one. */
function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  return region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

function isZoneOf(zone: string, region: string): boolean {
  return zone.length === region.length + 1 && zone.startsWith(region) && /[a-z]$/.test(zone);
}
