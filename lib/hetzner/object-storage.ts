import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
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
    const scope = new Construct(this, purpose);
    const provider = props.provider;
    const bucket = new S3Bucket(scope, 'bucket', {
      provider,
      bucket: `${props.namePrefix}${purpose}`,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    new S3BucketVersioningA(scope, 'versioning', {
      provider,
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(scope, 'lifecycle', {
      provider,
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    new S3BucketPolicy(scope, 'tls-only', {
      provider,
      bucket: bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [`arn:aws:s3:::${props.namePrefix}${purpose}`, `arn:aws:s3:::${props.namePrefix}${purpose}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    });
    return bucket;
  }
}
