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
