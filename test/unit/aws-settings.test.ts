import { awsProd } from '../../lib/config/environments/aws-prod';
import { loadEnvironments } from '../../lib/config/load';
import type { EnvironmentInput } from '../../lib/config/schema';
import { validateEnvironments } from '../../lib/config/validate';
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
      databaseNamespaces: expect.arrayContaining(['tasking-manager', 'drone-tm', 'fair']),
    });
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
      'a database namespace that is not a DNS label',
      { databaseNamespaces: ['Tasking_Manager'] },
      `${P}.aws.databaseNamespaces.0 = "Tasking_Manager": is not a namespace name; use a DNS label`,
    ],
  ])('%s', (_case, aws, message) => {
    expect(hotErrorMessage(() => validateEnvironments([withAws(aws)]))).toBe(message);
  });
});
