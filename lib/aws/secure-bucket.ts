import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketCorsConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-cors-configuration';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { policyDocument } from './iam';

export interface SecureBucketProps {
  /** Globally unique, 3-63 characters. */
  readonly bucketName: string;
  /** Days a noncurrent object version is kept. */
  readonly noncurrentVersionDays: number;
  /**
   * The controls only AWS S3 has: default encryption, Public Access Block and owner-enforced objects.
   * Encryption is SSE-KMS with `kmsKeyArn` (and an S3 bucket key, to keep KMS calls cheap), or SSE-S3 without
   * it (what a bucket that receives S3 server access logs needs). S3-compatible stores without them (Hetzner
   * Object Storage) leave this out and list the three policy exceptions in lib/policies/.
   * @default undefined (the store has none of them)
   */
  readonly awsControls?: { readonly kmsKeyArn?: string };
  /** Statements added to the bucket policy after the TLS-only deny, e.g. a service that delivers logs. @default [] */
  readonly policyStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  /** Days after which current objects expire, for buckets of logs. @default undefined (objects are kept) */
  readonly expireObjectsAfterDays?: number;
  /** The aws provider to use, e.g. one aimed at another S3-compatible endpoint. @default the stack's default */
  readonly provider?: AwsProvider;
  /**
   * S3 Object Lock with a default retention: no object version can be deleted or overwritten for that long
   * (in GOVERNANCE mode, unless a principal with s3:BypassGovernanceRetention asks). Only at creation: a
   * bucket cannot turn it on or off later. @default undefined (no lock)
   */
  readonly objectLock?: { readonly mode: 'GOVERNANCE' | 'COMPLIANCE'; readonly days: number };
  /**
   * Web origins whose pages upload and download with presigned URLs (CORS for GET, PUT and HEAD), e.g.
   * `https://*.hotosm.org`. @default [] (no CORS: only servers use the bucket)
   */
  readonly browserOrigins?: readonly string[];
}

/**
 * An S3 bucket the way every bucket here is made: versioned, TLS-only, old versions and failed multipart
 * uploads expired and, on AWS, owner-enforced (no ACLs), all public access blocked and SSE-KMS by default. It
 * refuses `terraform destroy` and is never force-destroyed: emptying a bucket of backups is a human decision.
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  /** Replication needs versioning on before it is configured. */
  public readonly versioning: S3BucketVersioningA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.bucketName,
      forceDestroy: false,
      objectLockEnabled: props.objectLock ? true : undefined,
      lifecycle: { preventDestroy: true },
    });
    const bucketId = this.bucket.id;
    if (props.browserOrigins?.length) {
      new S3BucketCorsConfiguration(this, 'cors', {
        provider,
        bucket: bucketId,
        corsRule: [
          {
            allowedOrigins: [...props.browserOrigins],
            allowedMethods: ['GET', 'PUT', 'HEAD'],
            allowedHeaders: ['*'],
            // Multipart uploads read each part's ETag from the response.
            exposeHeaders: ['ETag'],
            maxAgeSeconds: 3000,
          },
        ],
      });
    }
    if (props.awsControls) {
      new S3BucketOwnershipControls(this, 'ownership', {
        provider,
        bucket: bucketId,
        rule: { objectOwnership: 'BucketOwnerEnforced' },
      });
      new S3BucketPublicAccessBlock(this, 'public-access-block', {
        provider,
        bucket: bucketId,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    }
    this.versioning = new S3BucketVersioningA(this, 'versioning', {
      provider,
      bucket: bucketId,
      versioningConfiguration: { status: 'Enabled' },
    });
    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, 'object-lock', {
        provider,
        bucket: bucketId,
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
      });
    }
    if (props.awsControls) {
      new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
        provider,
        bucket: bucketId,
        rule: [
          props.awsControls.kmsKeyArn
            ? {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: 'aws:kms',
                  kmsMasterKeyId: props.awsControls.kmsKeyArn,
                },
                bucketKeyEnabled: true,
              }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
        ],
      });
    }
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket: bucketId,
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          expiration: props.expireObjectsAfterDays === undefined ? undefined : [{ days: props.expireObjectsAfterDays }],
        },
      ],
    });
    new S3BucketPolicy(this, 'tls-only', {
      provider,
      bucket: bucketId,
      policy: policyDocument(
        this,
        'tls-only-policy',
        [
          {
            sid: 'DenyInsecureTransport',
            effect: 'Deny',
            actions: ['s3:*'],
            resources: [this.bucket.arn, `${this.bucket.arn}/*`],
            principals: [{ type: '*', identifiers: ['*'] }],
            condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
          },
          ...(props.policyStatements ?? []),
        ],
        provider,
      ).json,
    });
  }
}
