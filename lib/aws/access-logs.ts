import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import type { Construct } from 'constructs';
import { TerraformCaller } from './caller';
import { SecureBucket } from './secure-bucket';

export interface AccessLogsProps {
  /** Globally unique name of the log bucket. */
  readonly bucketName: string;
  readonly partition: string;
  /** The buckets whose requests are logged, by name: the only sources S3 may deliver logs for. */
  readonly logged: readonly SecureBucket[];
  /** Days the logs are kept. */
  readonly days: number;
  readonly noncurrentVersionDays: number;
  /** The aws provider of the logged buckets' region (logs are delivered within a region). @default the stack's */
  readonly provider?: AwsProvider;
}

/**
 * S3 server access logging of `logged` into a bucket of their own region: every read, write and delete of a
 * backup leaves a record. The log bucket is made like every bucket (versioned, private, TLS-only, protected)
 * but with SSE-S3, which S3 log delivery needs no key grant for, and its logs expire after `days`. Only
 * `logging.s3.amazonaws.com`, acting for this account's logged buckets, may write into it.
 */
export function accessLogs(scope: Construct, id: string, props: AccessLogsProps): SecureBucket {
  const accountId = TerraformCaller.of(scope).accountId;
  const logs = new SecureBucket(scope, id, {
    provider: props.provider,
    bucketName: props.bucketName,
    awsControls: {},
    noncurrentVersionDays: props.noncurrentVersionDays,
    expireObjectsAfterDays: props.days,
    policyStatements: [
      {
        sid: 'S3DeliversAccessLogsOfOwnBuckets',
        effect: 'Allow',
        actions: ['s3:PutObject'],
        resources: [`arn:${props.partition}:s3:::${props.bucketName}/*`],
        principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] },
          { test: 'ArnEquals', variable: 'aws:SourceArn', values: props.logged.map((b) => b.bucket.arn) },
        ],
      },
    ],
  });
  return logs;
}

/** Turns on server access logging of `bucket` into `logs`, under `prefix/`. */
export function logRequests(
  scope: Construct,
  id: string,
  bucket: SecureBucket,
  logs: SecureBucket,
  prefix: string,
  provider?: AwsProvider,
): S3BucketLoggingA {
  return new S3BucketLoggingA(scope, id, {
    provider,
    bucket: bucket.bucket.id,
    targetBucket: logs.bucket.id,
    targetPrefix: `${prefix}/`,
  });
}
