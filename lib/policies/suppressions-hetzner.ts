import type { Suppression } from './types';

/**
 * Hetzner Object Storage speaks S3 but has no default-encryption configuration, no Public Access Block and no
 * ownership controls; the aws provider would fail to create those companions. Its buckets are private unless
 * a bucket policy opens them, and ours only ever deny (TLS-only). One entry per bucket of `hetzner-dr`.
 */
const BUCKETS = {
  backups: 'object-storage_backups_bucket_84DA97FC',
  'drone-tm': 'object-storage_drone-tm_bucket_A3437902',
  scaleodm: 'object-storage_scaleodm_bucket_06CFDA82',
  openaerialmap: 'object-storage_openaerialmap_bucket_EBC76764',
  fair: 'object-storage_fair_bucket_248C3431',
} as const;

const NOT_IN_HETZNER_S3: ReadonlyArray<readonly [ruleId: string, reason: string]> = [
  ['HOT-BUCKET-001', 'Hetzner Object Storage has no bucket default-encryption API (PutBucketEncryption)'],
  ['HOT-BUCKET-003', 'Hetzner Object Storage has no Public Access Block; buckets are private by default'],
  ['HOT-BUCKET-007', 'Hetzner Object Storage has no ownership controls; ACLs are never set by this project'],
];

export const HETZNER_SUPPRESSIONS: readonly Suppression[] = Object.values(BUCKETS).flatMap((name) =>
  NOT_IN_HETZNER_S3.map(([ruleId, reason]) => ({
    ruleId,
    stack: 'hetzner-dr',
    address: `aws_s3_bucket.${name}`,
    reason,
  })),
);
