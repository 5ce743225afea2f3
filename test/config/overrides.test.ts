import { readFileSync } from 'fs';
import { join } from 'path';
import { awsProd } from '../../lib/config/environments/aws-prod';
import { azureStaging } from '../../lib/config/environments/azure-staging';
import { hetznerDr } from '../../lib/config/environments/hetzner-dr';
import { loadEnvironments } from '../../lib/config/load';
import type { EnvironmentInput } from '../../lib/config/schema';
import { hotErrorMessage } from '../support/errors';
import { secondEnvironments } from '../support/second-environments';
import { HETZNER_DR_ALONE } from '../support/synth';

/** The three defaults as shipped, whatever else is configured. */
const DEFAULTS: readonly EnvironmentInput[] = [awsProd, azureStaging, hetznerDr];
const ENVIRONMENTS = 'aws-prod, azure-staging, hetzner-dr';
const load = (env: Record<string, string>, context?: unknown) => loadEnvironments({ env, context, defaults: DEFAULTS });
const problems = (env: Record<string, string>, context?: unknown) =>
  hotErrorMessage(() => load(env, context)).split('\n');

describe('HOT_* variables: every one sets something or is refused', () => {
  it.each([
    [
      'HOT_AWS_PROD_API_ALLOWED_CIDR',
      'HOT_AWS_PROD_API_ALLOWED_CIDR: is not a setting this app reads (all are in lib/config/README.md); the closest is HOT_AWS_PROD_API_ALLOWED_CIDRS',
    ],
    [
      'HOT_AWS_PROD_ACCOUNT_ID',
      'HOT_AWS_PROD_ACCOUNT_ID: is not a setting this app reads (all are in lib/config/README.md); the closest is HOT_AWS_PROD_AWS_ACCOUNT_ID',
    ],
    [
      'HOT_TFC_ORGANISATION',
      'HOT_TFC_ORGANISATION: is not a setting this app reads (all are in lib/config/README.md); the closest is HOT_TFC_ORGANIZATION',
    ],
    [
      'HOT_AWS_PRD_BASE_DOMAIN',
      `HOT_AWS_PRD_BASE_DOMAIN: sets BASE_DOMAIN of an environment "aws-prd", which does not exist (the environments: ${ENVIRONMENTS}); the closest is HOT_AWS_PROD_BASE_DOMAIN; to add one see "Adding an environment" in README.md`,
    ],
    [
      'HOT_HETZNER_DR_AWS_ACCOUNT_ID',
      'HOT_HETZNER_DR_AWS_ACCOUNT_ID: sets aws.accountId, which only aws environments have; hetzner-dr is a hetzner environment, so remove the variable',
    ],
    [
      'HOT_HETZNER_DR_ADMIN_PRINCIPALS',
      'HOT_HETZNER_DR_ADMIN_PRINCIPALS: sets aws.adminPrincipalArns, which only aws environments have; hetzner-dr is a hetzner environment, so remove the variable',
    ],
    ['HOT_NOTHING', 'HOT_NOTHING: is not a setting this app reads (all are in lib/config/README.md)'],
  ])('%s is refused with one line', (name, line) => {
    expect(problems({ [name]: '123456789012' })).toEqual([line]);
  });

  it('reports every bad variable and every bad value at once, in one error', () => {
    expect(
      problems({
        HOT_AWS_PROD_ACCOUNT_ID: '1',
        HOT_AWS_PROD_AWS_ACCOUNT_ID: '123',
        HOT_AZURE_STAGING_BASE_DOMAIN: 'Not A Domain',
        HOT_HETZNER_DR_API_ALLOWED_CIDRS: '203.0.113.0/24 0.0.0.0/0',
      }),
    ).toEqual([
      'HOT_AWS_PROD_ACCOUNT_ID: is not a setting this app reads (all are in lib/config/README.md); the closest is HOT_AWS_PROD_AWS_ACCOUNT_ID',
      'HOT_AWS_PROD_AWS_ACCOUNT_ID = "123": is not an AWS account id; use the 12 digits, e.g. "123456789012"',
      'HOT_AZURE_STAGING_BASE_DOMAIN = "Not A Domain": is not a DNS domain; use lower-case labels separated by dots, e.g. "hotosm.org"',
      'HOT_HETZNER_DR_API_ALLOWED_CIDRS item 2 = "0.0.0.0/0": opens the Kubernetes API to the whole internet; list your office or VPN ranges instead',
    ]);
  });

  it('accepts the variables the scripts and tests read', () => {
    expect(() =>
      load({ HOT_SOURCE_MAPS: '1', HOT_CHART_SOURCES: '/tmp', HOT_HELM: '/bin/helm', HOT_TF_PLUGIN_MIRROR: '/m' }),
    ).not.toThrow();
  });

  it('belongs to the longest environment name it starts with', () => {
    const defaults = [
      awsProd,
      {
        ...awsProd,
        name: 'aws-prod-eu',
        network: { vpcCidr: '10.21.0.0/16', serviceCidr: '172.20.0.0/16' },
        dns: { baseDomain: 'eu.hotosm.org' },
      } as EnvironmentInput,
    ];
    const [prod, eu] = loadEnvironments({ env: { HOT_AWS_PROD_EU_BASE_DOMAIN: 'eu.example.net' }, defaults });
    expect([prod.dns.baseDomain, eu.dns.baseDomain]).toEqual(['aws-prod.k8s.hotosm.org', 'eu.example.net']);
  });
});

describe('empty values', () => {
  it('an empty list variable sets an empty list (no extra admins: only the identity that created the cluster)', () => {
    const [aws] = load({ HOT_AWS_PROD_ADMIN_PRINCIPALS: '', HOT_AWS_PROD_API_ALLOWED_CIDRS: ' ' });
    expect(aws.cloud === 'aws' && aws.aws.adminPrincipalArns).toEqual([]);
    expect(aws.apiAccess.publicAccessCidrs).toEqual([]);
  });

  it('an empty list variable replaces a list set in context', () => {
    const context = { environments: { 'aws-prod': { apiAccess: { publicAccessCidrs: ['203.0.113.0/24'] } } } };
    expect(load({ HOT_AWS_PROD_API_ALLOWED_CIDRS: '' }, context)[0].apiAccess.publicAccessCidrs).toEqual([]);
  });

  it('an empty scalar variable is refused rather than leaving the default in place', () => {
    expect(problems({ HOT_AWS_PROD_BASE_DOMAIN: '' })).toEqual([
      'HOT_AWS_PROD_BASE_DOMAIN: is empty; give it a value, or unset it to keep the default',
    ]);
  });

  it('an empty Terraform Cloud workspace prefix means workspace = stack id', () => {
    const [aws] = load({ HOT_TFC_ORGANIZATION: 'hotosm', HOT_TFC_WORKSPACE_PREFIX: '' });
    expect(aws.backend).toEqual({
      type: 'terraform-cloud',
      organization: 'hotosm',
      hostname: 'app.terraform.io',
      workspacePrefix: '',
    });
  });

  it('a Terraform Cloud host without an organization is refused', () => {
    expect(problems({ HOT_TFC_HOSTNAME: 'tfe.example.org' })).toEqual([
      'HOT_TFC_HOSTNAME: has no effect without a Terraform Cloud organization; set HOT_TFC_ORGANIZATION too, or unset it',
    ]);
  });
});

describe('the public API allow-list', () => {
  it.each(['10.0.0.0/8', '10.1.2.0/24', '172.16.0.0/12', '192.168.1.0/24', '100.64.0.0/10', '127.0.0.1/32'])(
    'refuses the non-public range %s, which the public endpoint never sees',
    (block) => {
      const [line] = problems({ HOT_AWS_PROD_API_ALLOWED_CIDRS: block });
      expect(line).toMatch(
        new RegExp(
          `^HOT_AWS_PROD_API_ALLOWED_CIDRS item 1 = "${block.replace(/\./g, '\\.')}": lies in the non-public range `,
        ),
      );
    },
  );

  it('accepts public ranges', () => {
    expect(
      load({ HOT_AWS_PROD_API_ALLOWED_CIDRS: '203.0.113.0/24,8.8.8.8/32' })[0].apiAccess.publicAccessCidrs,
    ).toEqual(['203.0.113.0/24', '8.8.8.8/32']);
  });
});

describe('settings of the Hetzner flavour', () => {
  it('HOT_<ENV>_HETZNER_BUCKET_PREFIX sets the first part of every bucket name, joined with a dash', () => {
    const [hetzner] = loadEnvironments({
      env: { HOT_HETZNER_DR_HETZNER_BUCKET_PREFIX: 'hot-ngo' },
      defaults: [HETZNER_DR_ALONE],
    });
    expect(hetzner.cloud === 'hetzner' && hetzner.hetzner.bucketPrefix).toBe('hot-ngo');
  });

  it('refuses a prefix that brings its own trailing dash', () => {
    expect(
      hotErrorMessage(() =>
        loadEnvironments({ env: { HOT_HETZNER_DR_HETZNER_BUCKET_PREFIX: 'hotosm-' }, defaults: [HETZNER_DR_ALONE] }),
      ),
    ).toBe(
      'HOT_HETZNER_DR_HETZNER_BUCKET_PREFIX = "hotosm-": must be 3-40 lower-case letters, digits and -, starting and ending with a letter or digit (the - before the environment is added), e.g. "hotosm"',
    );
  });
});

describe('bucket names', () => {
  it('a Hetzner prefix that makes the longest bucket name pass 63 characters is refused', () => {
    const env = { HOT_HETZNER_DR_HETZNER_BUCKET_PREFIX: 'humanitarian-openstreetmap-team-buckets' };
    expect(hotErrorMessage(() => loadEnvironments({ env, defaults: [HETZNER_DR_ALONE] }))).toBe(
      'HOT_HETZNER_DR_HETZNER_BUCKET_PREFIX = "humanitarian-openstreetmap-team-buckets": makes bucket "humanitarian-openstreetmap-team-buckets-hetzner-dr-openaerialmap" 64 characters; Object Storage allows 63, use a shorter prefix',
    );
  });
});

describe('cdktf context', () => {
  it('names a bad value by its context path', () => {
    const context = { environments: { 'aws-prod': { nodePools: { core: { maxSize: 'six' } } } } };
    expect(problems({}, context)).toEqual([
      'context hot.environments.aws-prod.nodePools.core.maxSize = "six": set it to a number',
    ]);
  });

  it('says a setting of another cloud belongs to that flavour', () => {
    const context = {
      environments: { 'hetzner-dr': { network: { vnetCidr: '10.99.0.0/16' }, aws: { natGateways: 'single' } } },
    };
    expect(problems({}, context)).toEqual([
      'context hot.environments.hetzner-dr.network.vnetCidr: belongs to the azure flavour, not hetzner; remove it from this environment',
      'context hot.environments.hetzner-dr.aws: belongs to the aws flavour, not hetzner; remove it from this environment',
    ]);
  });

  it('still calls a key no flavour has a typo', () => {
    expect(problems({}, { environments: { 'aws-prod': { netwrok: {} } } })).toEqual([
      'context hot.environments.aws-prod.netwrok: is not a known setting; remove it or fix its spelling (see lib/config/README.md)',
    ]);
  });

  it('refuses an unknown Terraform Cloud key and an unknown environment with the closest name', () => {
    expect(problems({}, { environments: { 'azure-stagin': {} }, terraformCloud: { organisation: 'hotosm' } })).toEqual([
      `context hot.environments.azure-stagin: names no environment (the environments: ${ENVIRONMENTS}); the closest is azure-staging`,
      'context hot.terraformCloud.organisation: is not a Terraform Cloud setting (use organization, hostname, workspacePrefix); the closest is organization',
    ]);
  });

  it('a variable wins over context, and is named in its problem', () => {
    const context = { environments: { 'aws-prod': { aws: { accountId: '123456789012' } } } };
    expect(problems({ HOT_AWS_PROD_AWS_ACCOUNT_ID: '42' }, context)).toEqual([
      'HOT_AWS_PROD_AWS_ACCOUNT_ID = "42": is not an AWS account id; use the 12 digits, e.g. "123456789012"',
    ]);
  });
});

describe('environments that would collide', () => {
  const defaults = [...DEFAULTS, ...secondEnvironments(DEFAULTS)];

  it('a second environment of every cloud loads next to the defaults', () => {
    expect(loadEnvironments({ env: {}, defaults }).map((e) => e.name)).toEqual([
      'aws-prod',
      'azure-staging',
      'hetzner-dr',
      'aws-prod-2',
      'azure-staging-2',
      'hetzner-dr-2',
    ]);
  });

  it('refuses two environments with the same domain', () => {
    expect(problems({ HOT_AZURE_STAGING_BASE_DOMAIN: 'aws-prod.k8s.hotosm.org' })).toEqual([
      'HOT_AZURE_STAGING_BASE_DOMAIN = "aws-prod.k8s.hotosm.org": is also the baseDomain of aws-prod; both would publish the same hostnames, give each environment its own domain (e.g. "azure-staging.aws-prod.k8s.hotosm.org")',
    ]);
  });

  it('refuses overlapping node networks, whichever clouds they are on', () => {
    const context = {
      environments: { 'hetzner-dr': { network: { networkCidr: '10.40.0.0/16', podCidr: '10.40.128.0/17' } } },
    };
    expect(problems({}, context)).toEqual([
      'context hot.environments.hetzner-dr.network.networkCidr = "10.40.0.0/16": overlaps azure-staging\'s network.vnetCidr 10.40.0.0/16; environments must not overlap so they can be connected for failover, pick another block (e.g. the next /16)',
    ]);
  });
});

describe('the documented context example', () => {
  it('loads as lib/config/README.md says', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'lib', 'config', 'README.md'), 'utf8');
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(readme)?.[1] ?? '{}') as { hot: unknown };
    const [aws] = load({}, example.hot);
    expect([aws.kubernetesVersion, aws.nodePools.core.maxSize, aws.backend.type]).toEqual([
      '1.34',
      6,
      'terraform-cloud',
    ]);
  });
});
