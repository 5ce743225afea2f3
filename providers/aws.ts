import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import type { AwsEnvironment } from '../lib/aws/environment';

/** The aws provider for an environment: its region, default tags and, when known, a guard on the account. */
export function createAwsProvider(scope: Construct, environment: AwsEnvironment): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region: environment.region,
    defaultTags: [{ tags: { ...environment.tags } }],
    allowedAccountIds: environment.aws.accountId ? [environment.aws.accountId] : undefined,
  });
}

/** The alias of the aws provider in the region of the backups' copy. */
export const BACKUP_REPLICA_PROVIDER_ALIAS = 'backup-replica';

/**
 * A second aws provider, in the region that holds the copy of the backups: the same account guard and tags, so
 * the copy cannot land in another account by a change of credentials.
 */
export function createAwsReplicaProvider(scope: Construct, environment: AwsEnvironment, region: string): AwsProvider {
  return new AwsProvider(scope, 'aws-backup-replica', {
    alias: BACKUP_REPLICA_PROVIDER_ALIAS,
    region,
    defaultTags: [{ tags: { ...environment.tags } }],
    allowedAccountIds: environment.aws.accountId ? [environment.aws.accountId] : undefined,
  });
}
