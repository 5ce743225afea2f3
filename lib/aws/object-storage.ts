import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { Construct } from 'constructs';
import { bucketName } from '../config/schema-parts';
import { BUCKET_PURPOSES, type BucketPurpose } from '../contracts/workloads';
import { TerraformCaller } from './caller';
import { SecureBucket } from './secure-bucket';

/** Buckets whose every read, write and delete is recorded in the access-log bucket: where backups live. */
export const LOGGED_PURPOSES: readonly BucketPurpose[] = ['backups'];

/** The purpose part of the access-log bucket's name; shorter than the longest bucket purpose, so it fits. */
export const ACCESS_LOGS_PURPOSE = 'access-logs';

export interface ObjectStorageProps {
  readonly environmentName: string;
  readonly bucketPrefix: string;
  readonly noncurrentVersionDays: number;
  /** Days S3 server access logs are kept. */
  readonly accessLogDays: number;
  readonly partition: string;
}

/**
 * One bucket per purpose of the contract (`backups` and each HOT app that stores objects), all encrypted
 * with one rotating KMS key of the environment. Workloads reach them through Pod Identity roles that grant
 * `kms:GenerateDataKey`/`kms:Decrypt` on this key and object access under their own prefix only. Requests to
 * the buckets that hold backups are logged to an access-log bucket, so a deleted or read backup has a record.
 */
export class ObjectStorage extends Construct {
  public readonly key: KmsKey;
  public readonly buckets: Readonly<Record<BucketPurpose, SecureBucket>>;
  public readonly accessLogs: SecureBucket;

  constructor(scope: Construct, id: string, props: ObjectStorageProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: `Default encryption of the S3 buckets of ${props.environmentName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'key-alias', { name: `alias/${props.environmentName}-s3`, targetKeyId: this.key.keyId });
    const nameOf = (purpose: string) => bucketName(props.bucketPrefix, props.environmentName, purpose);
    this.buckets = Object.fromEntries(
      BUCKET_PURPOSES.map((purpose) => [
        purpose,
        new SecureBucket(this, purpose, {
          bucketName: nameOf(purpose),
          awsControls: { kmsKeyArn: this.key.arn },
          noncurrentVersionDays: props.noncurrentVersionDays,
        }),
      ]),
    ) as Record<BucketPurpose, SecureBucket>;

    const accountId = TerraformCaller.of(this).accountId;
    this.accessLogs = new SecureBucket(this, ACCESS_LOGS_PURPOSE, {
      bucketName: nameOf(ACCESS_LOGS_PURPOSE),
      // SSE-S3: S3 delivers server access logs to a bucket with default SSE-S3 without any key grant.
      awsControls: {},
      noncurrentVersionDays: props.noncurrentVersionDays,
      expireObjectsAfterDays: props.accessLogDays,
      policyStatements: [
        {
          sid: 'S3DeliversAccessLogsOfOwnBuckets',
          effect: 'Allow',
          actions: ['s3:PutObject'],
          resources: [`arn:${props.partition}:s3:::${nameOf(ACCESS_LOGS_PURPOSE)}/*`],
          principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] },
            {
              test: 'ArnEquals',
              variable: 'aws:SourceArn',
              values: LOGGED_PURPOSES.map((purpose) => `arn:${props.partition}:s3:::${nameOf(purpose)}`),
            },
          ],
        },
      ],
    });
    for (const purpose of LOGGED_PURPOSES) {
      new S3BucketLoggingA(this, `${purpose}-access-logging`, {
        bucket: this.buckets[purpose].bucket.id,
        targetBucket: this.accessLogs.bucket.id,
        targetPrefix: `${purpose}/`,
      });
    }
  }
}
