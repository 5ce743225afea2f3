import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { bucketName } from '../config/schema-parts';
import type { RestoreSource } from '../contracts/restore';
import { hetznerS3Endpoint } from '../../providers/hetzner';
import type { HetznerEnvironment } from './environment';

/**
 * Hetzner Object Storage names a key in a bucket policy as `arn:aws:iam:::user/p<project id>:<access key id>`;
 * every key of a project may read and write every bucket of it unless a policy denies it (Hetzner has no IAM).
 * Seen in a public estate's policy generator, measured against live buckets; not in Hetzner's own docs.
 */
export function hetznerKeyPrincipal(projectId: string, accessKeyId: string): string {
  return `arn:aws:iam:::user/p${projectId}:${accessKeyId}`;
}

/**
 * Everything a restore reader is denied on the backups bucket: each write, delete, retention and policy or
 * configuration change, listed (Hetzner's policy engine stores `NotAction` without enforcing it, so the list is
 * explicit). What is left to the key is reading: list, get, head.
 */
export const RESTORE_READER_DENIED_ACTIONS = [
  's3:PutObject',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:AbortMultipartUpload',
  's3:PutObjectAcl',
  's3:PutObjectVersionAcl',
  's3:PutObjectTagging',
  's3:DeleteObjectTagging',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
  's3:BypassGovernanceRetention',
  's3:RestoreObject',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketVersioning',
  's3:PutLifecycleConfiguration',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketCORS',
  's3:PutBucketTagging',
  's3:DeleteBucket',
] as const;

export function restoreReaderDenyStatement(principal: string, bucketArn: string): DataAwsIamPolicyDocumentStatement {
  return {
    sid: 'RestoreReaderReadsOnly',
    effect: 'Deny',
    principals: [{ type: 'AWS', identifiers: [principal] }],
    actions: [...RESTORE_READER_DENIED_ACTIONS],
    resources: [bucketArn, `${bucketArn}/*`],
  };
}

/** Where a Hetzner environment's backups are, from its settings alone: one bucket, Velero's objects SSE-C. */
export function hetznerRestoreSource(env: HetznerEnvironment): RestoreSource {
  const location = env.hetzner.objectStorageLocation ?? env.zones[0];
  return {
    environment: env.name,
    cloud: 'hetzner',
    endpoint: hetznerS3Endpoint(location),
    region: location,
    forcePathStyle: true,
    bucket: `${bucketName(env.hetzner.bucketPrefix, env.name, '')}backups`,
    databaseNamespaces: 'all',
    customerKeyEncryption: true,
  };
}
