import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct } from 'constructs';
import { SecureBucket } from '../aws/secure-bucket';
import { BUCKET_PURPOSES, type BucketPurpose } from '../contracts/workloads';

export interface HetznerObjectStorageProps {
  /** The aws provider aimed at Hetzner's S3 endpoint. */
  readonly provider: AwsProvider;
  /** Prefix + environment name + purpose: bucket names are global on Hetzner Object Storage. */
  readonly namePrefix: string;
  readonly noncurrentVersionDays: number;
}

/**
 * One bucket per purpose on Hetzner Object Storage, made with the aws provider: versioned, old versions and
 * failed uploads expired, TLS-only, never force-destroyed and refusing `terraform destroy`. Default
 * encryption settings, Public Access Block and ownership controls are not part of Hetzner's S3 API; buckets
 * are private unless a policy says otherwise (lib/policies/suppressions.ts lists these three exceptions).
 */
export class HetznerObjectStorage extends Construct {
  public readonly buckets: Readonly<Record<BucketPurpose, S3Bucket>>;

  constructor(scope: Construct, id: string, props: HetznerObjectStorageProps) {
    super(scope, id);
    const entries = BUCKET_PURPOSES.map((purpose) => [purpose, this.bucket(purpose, props)] as const);
    this.buckets = Object.fromEntries(entries) as Record<BucketPurpose, S3Bucket>;
  }

  private bucket(purpose: BucketPurpose, props: HetznerObjectStorageProps): S3Bucket {
    return new SecureBucket(this, purpose, {
      provider: props.provider,
      bucketName: `${props.namePrefix}${purpose}`,
      noncurrentVersionDays: props.noncurrentVersionDays,
    }).bucket;
  }
}
