import { awsProd } from '../../lib/config/environments/aws-prod';
import { loadEnvironments } from '../../lib/config/load';
import type { EnvironmentInput } from '../../lib/config/schema';
import { validateEnvironments } from '../../lib/config/validate';
import { hotErrorMessage, patchedCopy } from '../support/errors';

type Patch = (env: Record<string, unknown>) => void;

const withPatch = (patch: Patch) => patchedCopy(awsProd, patch);

function pools(env: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return env.nodePools as Record<string, Record<string, unknown>>;
}

const P = 'environments.aws-prod';

const SSO = {
  issuerUrl: 'https://www.openstreetmap.org',
  clientId: 'hot-admin',
  authorizeUrl: 'https://www.openstreetmap.org/oauth2/authorize',
  tokenUrl: 'https://www.openstreetmap.org/oauth2/token',
  userInfoUrl: 'https://www.openstreetmap.org/oauth2/userinfo',
  claim: 'preferred_username',
  admins: ['hot-sysadmin'],
};

const CASES: ReadonlyArray<readonly [string, Patch, string]> = [
  [
    'unknown cloud',
    (e) => (e.cloud = 'gcp'),
    `${P}.cloud = "gcp": is not a cloud this app can build; use one of aws, azure, hetzner`,
  ],
  [
    'malformed CIDR',
    (e) => ((e.network as Record<string, unknown>).vpcCidr = '10.20.0.0/33'),
    `${P}.network.vpcCidr = "10.20.0.0/33": is not an IPv4 CIDR; write it as a.b.c.d/n, e.g. "10.20.0.0/16"`,
  ],
  [
    'CIDR with host bits',
    (e) => ((e.network as Record<string, unknown>).vpcCidr = '10.20.1.0/16'),
    `${P}.network.vpcCidr = "10.20.1.0/16": has host bits set; use the network address of the block, e.g. "10.20.0.0/16" instead of "10.20.1.0/16"`,
  ],
  [
    'VPC too small',
    (e) => ((e.network as Record<string, unknown>).vpcCidr = '10.20.0.0/24'),
    `${P}.network.vpcCidr = "10.20.0.0/24": must be between /16 and /18 to fit a private and a public subnet for up to six zones; pick a block of that size`,
  ],
  [
    'overlapping service CIDR',
    (e) => ((e.network as Record<string, unknown>).serviceCidr = '10.20.128.0/20'),
    `${P}.network.serviceCidr = "10.20.128.0/20": overlaps vpcCidr 10.20.0.0/16; pick a block outside it, e.g. "172.20.0.0/16"`,
  ],
  [
    'API open to the internet',
    (e) => ((e.apiAccess as Record<string, unknown>).publicAccessCidrs = ['0.0.0.0/0']),
    `${P}.apiAccess.publicAccessCidrs.0 = "0.0.0.0/0": opens the Kubernetes API to the whole internet; list your office or VPN ranges instead`,
  ],
  [
    'admin UIs open to the internet',
    (e) => (e.platform = { adminAccess: { allowedCidrs: ['0.0.0.0/0'] } }),
    `${P}.platform.adminAccess.allowedCidrs.0 = "0.0.0.0/0": opens the admin UIs to the whole internet; list your office or VPN ranges instead`,
  ],
  [
    'SSO without admins',
    (e) => (e.platform = { adminAccess: { sso: { ...SSO, admins: [] } } }),
    `${P}.platform.adminAccess.sso.admins = []: is empty; list who administers the admin UIs, or nobody could change anything after sign-in`,
  ],
  [
    'SSO issuer over plain HTTP',
    (e) => (e.platform = { adminAccess: { sso: { ...SSO, issuerUrl: 'http://login.hotosm.org' } } }),
    `${P}.platform.adminAccess.sso.issuerUrl = "http://login.hotosm.org": is not an https:// URL; copy it from the issuer's /.well-known/openid-configuration`,
  ],
  [
    'API unreachable',
    (e) => ((e.apiAccess as Record<string, unknown>).privateEndpoint = false),
    `${P}.apiAccess.privateEndpoint = false: with no publicAccessCidrs nothing could reach the API; set privateEndpoint to true or list public CIDRs`,
  ],
  [
    'min greater than max',
    (e) => Object.assign(pools(e).worker, { minSize: 5, maxSize: 2 }),
    `${P}.nodePools.worker.minSize = 5: is greater than maxSize (2); lower minSize or raise maxSize`,
  ],
  [
    'empty pool',
    (e) => (pools(e).core.instanceTypes = []),
    `${P}.nodePools.core.instanceTypes = []: is empty; list at least one instance type, e.g. ["m7i.large"]`,
  ],
  [
    'pool that can never have a node',
    (e) => Object.assign(pools(e).worker, { minSize: 0, maxSize: 0 }),
    `${P}.nodePools.worker.maxSize = 0: must be at least 1; a pool that can never have a node is not a pool, remove it`,
  ],
  [
    'desired size out of range',
    (e) => (pools(e).core.desiredSize = 9),
    `${P}.nodePools.core.desiredSize = 9: is outside minSize..maxSize (2..4); pick a size in that range`,
  ],
  [
    'spot core pool',
    (e) => (pools(e).core.spot = true),
    `${P}.nodePools.core.spot = true: the core pool runs cluster-critical services and must be on-demand; set spot to false`,
  ],
  [
    'GPU pool without GPUs',
    (e) => (pools(e).gpu.instanceTypes = ['m7i.large']),
    `${P}.nodePools.gpu.instanceTypes.0 = "m7i.large": is not an NVIDIA GPU instance type; use a g4dn, g5, g6 or p-family type, e.g. "g5.xlarge"`,
  ],
  [
    'bad instance type',
    (e) => (pools(e).worker.instanceTypes = ['large']),
    `${P}.nodePools.worker.instanceTypes.0 = "large": is not an instance type; use a name like "m7i.large"`,
  ],
  [
    'tiny disk',
    (e) => (pools(e).core.diskSizeGiB = 8),
    `${P}.nodePools.core.diskSizeGiB = 8: is too small for a node image and images; use at least 20`,
  ],
  [
    'unsupported Kubernetes version',
    (e) => (e.kubernetesVersion = '1.29'),
    `${P}.kubernetesVersion = "1.29": is not supported on aws; use one of 1.34, 1.35`,
  ],
  [
    'malformed Kubernetes version',
    (e) => (e.kubernetesVersion = 'v1.35.2'),
    `${P}.kubernetesVersion = "v1.35.2": must be a Kubernetes minor version like "1.35" (no "v", no patch)`,
  ],
  [
    'bad domain',
    (e) => ((e.dns as Record<string, unknown>).baseDomain = 'HOT OSM.org'),
    `${P}.dns.baseDomain = "HOT OSM.org": is not a DNS domain; use lower-case labels separated by dots, e.g. "hotosm.org"`,
  ],
  [
    'bad Route53 zone id',
    (e) => ((e.dns as Record<string, unknown>).zoneId = 'hotosm.org'),
    `${P}.dns.zoneId = "hotosm.org": is not a Route53 hosted zone id; copy it from the zone, e.g. "Z0123456789ABCDEFGHIJ"`,
  ],
  [
    'unknown zone',
    (e) => (e.zones = ['us-east-1a', 'eu-west-1b']),
    `${P}.zones.1 = "eu-west-1b": is not a zone of region us-east-1; use e.g. "us-east-1a"`,
  ],
  [
    'duplicate zone',
    (e) => (e.zones = ['us-east-1a', 'us-east-1a']),
    `${P}.zones.1 = "us-east-1a": is listed twice; list each zone once`,
  ],
  [
    'single zone',
    (e) => (e.zones = ['us-east-1a']),
    `${P}.zones = ["us-east-1a"]: needs at least two zones for a highly available control plane; list two or three`,
  ],
  [
    'bad region',
    (e) => (e.region = 'Virginia'),
    `${P}.region = "Virginia": is not an AWS region; use a name like "us-east-1"`,
  ],
  [
    'reserved tag prefix',
    (e) => (e.tags = { 'aws:owner': 'hot' }),
    `${P}.tags.aws:owner = "aws:owner": uses the reserved "aws:" prefix; choose another key`,
  ],
  [
    'admin principal not an ARN',
    (e) => ((e.aws as Record<string, unknown>).adminPrincipalArns = ['alice']),
    `${P}.aws.adminPrincipalArns.0 = "alice": is not an IAM role or user ARN; use e.g. "arn:aws:iam::123456789012:role/Admin"`,
  ],
  [
    'account id not 12 digits',
    (e) => ((e.aws as Record<string, unknown>).accountId = '1234'),
    `${P}.aws.accountId = "1234": is not an AWS account id; use the 12 digits, e.g. "123456789012"`,
  ],
  [
    'unknown backend',
    (e) => (e.backend = { type: 's3' }),
    `${P}.backend.type = "s3": must be {"type":"local"} or {"type":"terraform-cloud","organization":"<org>"}`,
  ],
  [
    'bad Terraform Cloud organization',
    (e) => (e.backend = { type: 'terraform-cloud', organization: 'a b' }),
    `${P}.backend.organization = "a b": is not a Terraform Cloud organization name; use 3-40 letters, digits, - and _`,
  ],
  [
    'misspelt setting',
    (e) => ((e.network as Record<string, unknown>).vpcCidrs = '10.0.0.0/16'),
    `${P}.network.vpcCidrs: is not a known setting; remove it or fix its spelling (see lib/config/README.md)`,
  ],
  [
    'an alert relay without a port',
    (e) =>
      (e.platform = {
        alerts: { email: { to: ['ops@hotosm.org'], from: 'alerts@hotosm.org', smarthost: 'smtp.hotosm.org' } },
      }),
    `${P}.platform.alerts.email.smarthost = "smtp.hotosm.org": is not host:port; use e.g. "smtp.example.org:587"`,
  ],
  [
    'a Slack channel without #',
    (e) => (e.platform = { alerts: { slack: { channel: 'hot-alerts' } } }),
    `${P}.platform.alerts.slack.channel = "hot-alerts": is not a Slack channel; use e.g. "#hot-alerts"`,
  ],
  [
    'the removed adminGroups setting',
    (e) => (e.platform = { adminGroups: ['hot:platform-admins'] }),
    `${P}.platform.adminGroups: is not a known setting; remove it or fix its spelling (see lib/config/README.md)`,
  ],
  ['wrong type', (e) => (e.kubernetesVersion = 1.35), `${P}.kubernetesVersion = 1.35: set it to a string`],
  ['missing setting', (e) => delete e.zones, `${P}.zones: is missing; set it to a array`],
];

describe('bad environment settings stop synth with one line', () => {
  it.each(CASES)('%s', (_name, patch, expected) => {
    const message = hotErrorMessage(() => validateEnvironments([withPatch(patch)]));
    expect(message).toBe(expected);
    expect(message).not.toContain('\n');
  });

  it('has at least 20 distinct cases', () => {
    expect(new Set(CASES.map(([, , message]) => message)).size).toBeGreaterThanOrEqual(20);
  });

  it('bad environment name', () => {
    const message = hotErrorMessage(() => validateEnvironments([{ ...awsProd, name: 'AWS_Prod' }]));
    expect(message).toBe(
      'environments.AWS_Prod.name = "AWS_Prod": must be 2-20 lower-case letters, digits and -, starting with a letter, e.g. "aws-prod"',
    );
  });

  it('duplicate environment names', () => {
    const message = hotErrorMessage(() => validateEnvironments([awsProd, awsProd]));
    expect(message).toBe(
      'environments.aws-prod.name = "aws-prod": is already used by environment #1; give every environment a unique name',
    );
  });

  it('reports every problem, one line each', () => {
    const bad = withPatch((e) => {
      e.region = 'Virginia';
      e.kubernetesVersion = 'latest';
    });
    expect(hotErrorMessage(() => validateEnvironments([bad])).split('\n')).toHaveLength(2);
  });

  it('malformed allow-list from an environment variable', () => {
    const message = hotErrorMessage(() =>
      loadEnvironments({ env: { HOT_AWS_PROD_API_ALLOWED_CIDRS: '203.0.113.0/24, 198.51.100.7' } }),
    );
    expect(message).toBe(
      `HOT_AWS_PROD_API_ALLOWED_CIDRS item 2 = "198.51.100.7": is not an IPv4 CIDR; write it as a.b.c.d/n, e.g. "10.20.0.0/16"`,
    );
  });

  it('context naming an unknown environment', () => {
    const message = hotErrorMessage(() =>
      loadEnvironments({ env: {}, context: { environments: { 'aws-stage': {} } }, defaults: [awsProd] }),
    );
    expect(message).toBe('context hot.environments.aws-stage: names no environment (the environments: aws-prod)');
  });

  it('the default environments are valid', () => {
    expect(() => validateEnvironments([awsProd as EnvironmentInput])).not.toThrow();
  });
});
