import { awsProd } from '../../lib/config/environments/aws-prod';
import { loadEnvironments } from '../../lib/config/load';
import type { EnvironmentInput } from '../../lib/config/schema';
import { validateEnvironments } from '../../lib/config/validate';
import { ACCESS_LOGS_PURPOSE } from '../../lib/aws/object-storage';
import { BACKUP_REPLICA_LOGS_PURPOSE, BACKUP_REPLICA_PURPOSE } from '../../lib/aws/backup-replica';
import { BUCKET_PURPOSES } from '../../lib/contracts/workloads';
import { hotErrorMessage } from '../support/errors';

const P = 'environments.aws-prod';

function withAws(aws: Record<string, unknown>): EnvironmentInput {
  return { ...awsProd, aws: { ...(awsProd as { aws?: object }).aws, ...aws } } as EnvironmentInput;
}

describe('aws settings of the production flavour', () => {
  it('defaults the bucket prefix, version history, log retention and database namespaces', () => {
    const [env] = loadEnvironments({ env: {}, defaults: [awsProd] });
    expect(env.cloud === 'aws' && env.aws).toMatchObject({
      bucketPrefix: 'hotosm',
      noncurrentVersionDays: 30,
      controlPlaneLogRetentionDays: 365,
      flowLogRetentionDays: 365,
      accessLogDays: 365,
      backupReplica: { region: 'us-west-2', objectLockMode: 'GOVERNANCE', objectLockDays: 30 },
      databaseNamespaces: expect.arrayContaining(['tasking-manager', 'drone-tm', 'fair']),
    });
  });

  it('keeps the copy of the backups off unless an environment asks for it, and its name within the name check', () => {
    const { backupReplica: _on, ...withoutCopy } = (awsProd as { aws: Record<string, unknown> }).aws;
    const [env] = loadEnvironments({ env: {}, defaults: [{ ...awsProd, aws: withoutCopy } as EnvironmentInput] });
    expect(env.cloud === 'aws' && env.aws.backupReplica).toBeUndefined();
    // checkBucketNames measures the longest purpose; the copy's and the access logs' names are no longer.
    for (const purpose of [BACKUP_REPLICA_PURPOSE, BACKUP_REPLICA_LOGS_PURPOSE, ACCESS_LOGS_PURPOSE]) {
      expect(purpose.length).toBeLessThanOrEqual(Math.max(...BUCKET_PURPOSES.map((p) => p.length)));
    }
  });

  it('takes the bucket prefix from HOT_<ENV>_AWS_BUCKET_PREFIX', () => {
    const [env] = loadEnvironments({
      env: { HOT_AWS_PROD_AWS_BUCKET_PREFIX: 'hot-123456789012' },
      defaults: [awsProd],
    });
    expect(env.cloud === 'aws' && env.aws.bucketPrefix).toBe('hot-123456789012');
  });

  it('a bucket prefix that makes names longer than 63 with a long environment name', () => {
    const env = { ...withAws({ bucketPrefix: 'humanitarian-openstreetmap-team' }), name: 'hot-production-aws01' };
    expect(hotErrorMessage(() => validateEnvironments([env as EnvironmentInput]))).toBe(
      'environments.hot-production-aws01.aws.bucketPrefix = "humanitarian-openstreetmap-team": makes bucket "humanitarian-openstreetmap-team-hot-production-aws01-openaerialmap" 66 characters; S3 allows 63, use a shorter prefix',
    );
  });

  it.each([
    [
      'a bucket prefix S3 cannot use',
      { bucketPrefix: 'HOT_osm' },
      `${P}.aws.bucketPrefix = "HOT_osm": must be 3-40 lower-case letters, digits and -, starting and ending with a letter or digit (the - before the environment is added), e.g. "hotosm"`,
    ],
    [
      'too little version history',
      { noncurrentVersionDays: 1 },
      `${P}.aws.noncurrentVersionDays = 1: keeps too little history to recover from a mistake; use 7 or more`,
    ],
    [
      'control-plane logs kept less than a year',
      { controlPlaneLogRetentionDays: 90 },
      `${P}.aws.controlPlaneLogRetentionDays = 90: must be one of 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (days): CloudWatch offers these periods, and logs are kept at least a year`,
    ],
    [
      'flow logs kept for a period CloudWatch does not offer',
      { flowLogRetentionDays: 500 },
      `${P}.aws.flowLogRetentionDays = 500: must be one of 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (days): CloudWatch offers these periods, and logs are kept at least a year`,
    ],
    [
      'access logs kept too briefly',
      { accessLogDays: 30 },
      `${P}.aws.accessLogDays = 30: keeps too little to investigate a backup deleted or read; use 90 or more`,
    ],
    [
      'a backup copy in the cluster region',
      { backupReplica: { region: 'us-east-1' } },
      `${P}.aws.backupReplica.region = "us-east-1": is the cluster's region too, so the copy would fall with it; pick another region, e.g. "us-west-2"`,
    ],
    [
      'a backup copy in another partition',
      { backupReplica: { region: 'cn-north-1' } },
      `${P}.aws.backupReplica.region = "cn-north-1": is in another AWS partition than us-east-1, and S3 cannot replicate across partitions; pick a region of the same partition`,
    ],
    [
      'a backup copy locked too briefly',
      { backupReplica: { region: 'us-west-2', objectLockDays: 1 } },
      `${P}.aws.backupReplica.objectLockDays = 1: locks the copy too briefly to outlast a mistake noticed late; use 7 or more`,
    ],
    [
      'a backup copy lock mode S3 does not know',
      { backupReplica: { region: 'us-west-2', objectLockMode: 'LEGAL_HOLD' } },
      `${P}.aws.backupReplica.objectLockMode = "LEGAL_HOLD": must be "GOVERNANCE" or "COMPLIANCE"`,
    ],
    [
      'a database namespace that is not a DNS label',
      { databaseNamespaces: ['Tasking_Manager'] },
      `${P}.aws.databaseNamespaces.0 = "Tasking_Manager": is not a namespace name; use a DNS label`,
    ],
  ])('%s', (_case, aws, message) => {
    expect(hotErrorMessage(() => validateEnvironments([withAws(aws)]))).toBe(message);
  });
});
