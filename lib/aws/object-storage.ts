import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { bucketName } from '../config/schema-parts';
import { BUCKET_PURPOSES, browserOriginsOf, type BucketPurpose } from '../contracts/workloads';
import { accessLogs, logRequests } from './access-logs';
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
  /** The environment's domain: browser-upload buckets answer CORS for its hosts. */
  readonly baseDomain: string;
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
          browserOrigins: browserOriginsOf(purpose, props.baseDomain),
        }),
      ]),
    ) as Record<BucketPurpose, SecureBucket>;

    this.accessLogs = accessLogs(this, ACCESS_LOGS_PURPOSE, {
      bucketName: nameOf(ACCESS_LOGS_PURPOSE),
      partition: props.partition,
      logged: LOGGED_PURPOSES.map((purpose) => this.buckets[purpose]),
      days: props.accessLogDays,
      noncurrentVersionDays: props.noncurrentVersionDays,
    });
    for (const purpose of LOGGED_PURPOSES) {
      logRequests(this, `${purpose}-access-logging`, this.buckets[purpose], this.accessLogs, purpose);
    }
  }
}
