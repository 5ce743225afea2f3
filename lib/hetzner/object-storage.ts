import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct } from 'constructs';
import { SecureBucket } from '../aws/secure-bucket';
import { BUCKET_PURPOSES, browserOriginsOf, type BucketPurpose } from '../contracts/workloads';
import { suppress } from '../policies/suppress';
import { restoreReaderDenyStatement } from './restore-reader';

export interface HetznerObjectStorageProps {
  /** The aws provider aimed at Hetzner's S3 endpoint with the keys of the apps' buckets' project. */
  readonly provider: AwsProvider;
  /**
   * The same for the backups bucket alone, with the keys of a project of its own: Object Storage keys reach
   * every bucket of their project, so only another project keeps an app's key away from the backups.
   */
  readonly backupsProvider: AwsProvider;
  /** Prefix + environment name + purpose: bucket names are global on Hetzner Object Storage. */
  readonly namePrefix: string;
  readonly noncurrentVersionDays: number;
  /** COMPLIANCE-mode Object Lock of the backups bucket, in days; 0 for none. */
  readonly backupObjectLockDays: number;
  /** The environment's domain: browser-upload buckets answer CORS for its hosts. */
  readonly baseDomain: string;
  /** A key of the backups project that may only read them (another environment restores from this one). @default none */
  readonly restoreReaderPrincipal?: string;
}

/**
 * Hetzner Object Storage speaks S3 but has no default-encryption configuration, no Public Access Block and no
 * ownership controls; the aws provider would fail to create those companions. Its buckets are private unless
 * a bucket policy opens them, and ours only ever deny (TLS-only).
 */
const NOT_IN_HETZNER_S3: ReadonlyArray<readonly [ruleId: string, reason: string]> = [
  ['HOT-BUCKET-001', 'Hetzner Object Storage has no bucket default-encryption API (PutBucketEncryption)'],
  ['HOT-BUCKET-003', 'Hetzner Object Storage has no Public Access Block; buckets are private by default'],
  ['HOT-BUCKET-007', 'Hetzner Object Storage has no ownership controls; ACLs are never set by this project'],
];

/**
 * One bucket per purpose on Hetzner Object Storage, made with the aws provider: versioned, old versions and
 * failed uploads expired, TLS-only, never force-destroyed and refusing `terraform destroy`. The three bucket
 * rules Hetzner's S3 API cannot satisfy are suppressed on each bucket, with the reasons above.
 */
export class HetznerObjectStorage extends Construct {
  public readonly buckets: Readonly<Record<BucketPurpose, S3Bucket>>;

  constructor(scope: Construct, id: string, props: HetznerObjectStorageProps) {
    super(scope, id);
    const entries = BUCKET_PURPOSES.map((purpose) => [purpose, this.bucket(purpose, props)] as const);
    this.buckets = Object.fromEntries(entries) as Record<BucketPurpose, S3Bucket>;
  }

  private bucket(purpose: BucketPurpose, props: HetznerObjectStorageProps): S3Bucket {
    // Backups: a stolen key (any key of the project can delete) cannot destroy them before the lock expires.
    const lockDays = purpose === 'backups' ? props.backupObjectLockDays : 0;
    const bucket = new SecureBucket(this, purpose, {
      provider: purpose === 'backups' ? props.backupsProvider : props.provider,
      bucketName: `${props.namePrefix}${purpose}`,
      noncurrentVersionDays: Math.max(props.noncurrentVersionDays, lockDays),
      objectLock: lockDays > 0 ? { mode: 'COMPLIANCE', days: lockDays } : undefined,
      browserOrigins: browserOriginsOf(purpose, props.baseDomain),
      policyStatements:
        purpose === 'backups' && props.restoreReaderPrincipal
          ? [restoreReaderDenyStatement(props.restoreReaderPrincipal, `arn:aws:s3:::${props.namePrefix}${purpose}`)]
          : [],
    }).bucket;
    for (const [ruleId, reason] of NOT_IN_HETZNER_S3) suppress(bucket, ruleId, reason);
    return bucket;
  }
}
