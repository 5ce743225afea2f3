import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { bucketName } from '../config/schema-parts';
import { BUCKET_PURPOSES, type BucketPurpose } from '../contracts/workloads';
import { SecureBucket } from './secure-bucket';

export interface ObjectStorageProps {
  readonly environmentName: string;
  readonly bucketPrefix: string;
  readonly noncurrentVersionDays: number;
}

/**
 * One bucket per purpose of the contract (`backups` and each HOT app that stores objects), all encrypted
 * with one rotating KMS key of the environment. Workloads reach them through Pod Identity roles that grant
 * `kms:GenerateDataKey`/`kms:Decrypt` on this key and object access under their own prefix only.
 */
export class ObjectStorage extends Construct {
  public readonly key: KmsKey;
  public readonly buckets: Readonly<Record<BucketPurpose, SecureBucket>>;

  constructor(scope: Construct, id: string, props: ObjectStorageProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: `Default encryption of the S3 buckets of ${props.environmentName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'key-alias', { name: `alias/${props.environmentName}-s3`, targetKeyId: this.key.keyId });
    this.buckets = Object.fromEntries(
      BUCKET_PURPOSES.map((purpose) => [
        purpose,
        new SecureBucket(this, purpose, {
          bucketName: bucketName(props.bucketPrefix, props.environmentName, purpose),
          awsControls: { kmsKeyArn: this.key.arn },
          noncurrentVersionDays: props.noncurrentVersionDays,
        }),
      ]),
    ) as Record<BucketPurpose, SecureBucket>;
  }
}
