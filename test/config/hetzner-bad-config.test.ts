import { validateEnvironments } from '../../lib/config/validate';
import { hotErrorMessage, patchedCopy } from '../support/errors';
import { HETZNER_DR_ALONE } from '../support/synth';

type Env = Record<string, unknown>;
type Patch = (env: Env) => void;

const withPatch = (patch: Patch) => patchedCopy(HETZNER_DR_ALONE, patch);

const sub = (env: Env, key: string) => env[key] as Env;
const pool = (env: Env, name: string) => sub(env, 'nodePools')[name] as Env;

const P = 'environments.hetzner-dr';

const CASES: ReadonlyArray<readonly [string, Patch, string]> = [
  [
    'a backups Object Lock over a year',
    (e) => (sub(e, 'hetzner').backupObjectLockDays = 400),
    `${P}.hetzner.backupObjectLockDays = 400: must be at most 365 days; every locked version is stored, and paid for, that long`,
  ],
  [
    'an OIDC issuer over plain http',
    (e) => (sub(e, 'hetzner').oidc = { issuerUrl: 'http://login.hotosm.org', clientId: 'hetzner-dr' }),
    `${P}.hetzner.oidc.issuerUrl = "http://login.hotosm.org": must be an https:// URL (the API server reads the issuer over TLS only)`,
  ],
  [
    'an OIDC issuer without a client id',
    (e) => (sub(e, 'hetzner').oidc = { issuerUrl: 'https://login.hotosm.org', clientId: '' }),
    `${P}.hetzner.oidc.clientId = "": is empty or has spaces; use the client id the issuer gave the cluster`,
  ],
  [
    'a GPU pool',
    (e) => (sub(e, 'nodePools').gpu = { instanceTypes: ['cpx52'], minSize: 0, maxSize: 1 }),
    `${P}.nodePools.gpu = {"instanceTypes":["cpx52"],"minSize":0,"maxSize":1}: Hetzner Cloud has no GPU servers; remove the gpu pool (GPU apps run on CPU or are disabled here)`,
  ],
  [
    'spot servers',
    (e) => (pool(e, 'worker').spot = true),
    `${P}.nodePools.worker.spot = true: Hetzner Cloud has no spot servers; set spot to false`,
  ],
  [
    'Arm and x86 in one pool',
    (e) => (pool(e, 'worker').instanceTypes = ['cpx42', 'cax31']),
    `${P}.nodePools.worker.instanceTypes = ["cpx42","cax31"]: mixes Arm (cax) and x86 server types; one pool boots one Talos image, so split them into two pools`,
  ],
  [
    'an AWS instance type',
    (e) => (pool(e, 'core').instanceTypes = ['m7i.large']),
    `${P}.nodePools.core.instanceTypes.0 = "m7i.large": is not an instance type; use a name like "cpx32"`,
  ],
  [
    'an unknown network zone',
    (e) => (e.region = 'eu-west'),
    `${P}.region = "eu-west": is not a Hetzner network zone; use one of eu-central, us-east, us-west, ap-southeast`,
  ],
  [
    'a location of another network zone',
    (e) => (e.zones = ['fsn1', 'ash']),
    `${P}.zones.1 = "ash": is not a location of network zone eu-central; use one of fsn1, nbg1, hel1`,
  ],
  [
    'a location listed twice',
    (e) => (e.zones = ['fsn1', 'fsn1']),
    `${P}.zones.1 = "fsn1": is listed twice; list each location once`,
  ],
  [
    'pod CIDR outside the network',
    (e) => (sub(e, 'network').podCidr = '10.244.0.0/16'),
    `${P}.network.podCidr = "10.244.0.0/16": lies outside networkCidr 10.60.0.0/16; Hetzner routes pod traffic only inside the network, pick a block inside it clear of the node subnet`,
  ],
  [
    'pod CIDR over the node subnet',
    (e) => (sub(e, 'network').podCidr = '10.60.0.0/17'),
    `${P}.network.podCidr = "10.60.0.0/17": overlaps the node subnet 10.60.0.0/22; pick a block after it inside networkCidr`,
  ],
  [
    'service CIDR overlapping the pod CIDR',
    (e) => (sub(e, 'network').serviceCidr = '10.60.128.0/20'),
    `${P}.network.serviceCidr = "10.60.128.0/20": overlaps the pods (10.60.128.0/17) or the node subnet; pick another block`,
  ],
  [
    'a network too small',
    (e) => (sub(e, 'network').networkCidr = '10.60.0.0/24'),
    `${P}.network.networkCidr = "10.60.0.0/24": must be between /16 and /20 to fit the node subnet, the load balancer and the pod network; pick a block of that size`,
  ],
  [
    'a retired server type for a pool',
    (e) => (pool(e, 'core').instanceTypes = ['cpx31']),
    `${P}.nodePools.core.instanceTypes.0 = "cpx31": was retired by Hetzner (not orderable since 2025-12-31); use its successor "cpx32"`,
  ],
  [
    'a retired server type for the control plane',
    (e) => (sub(e, 'hetzner').controlPlane = { serverType: 'cx22', count: 3 }),
    `${P}.hetzner.controlPlane.serverType = "cx22": was retired by Hetzner (not orderable since 2025-12-31); use its successor "cx23"`,
  ],
  [
    'four control-plane servers',
    (e) => (sub(e, 'hetzner').controlPlane = { serverType: 'cpx32', count: 4 }),
    `${P}.hetzner.controlPlane.count = 4: must be 3 or 5 (an odd etcd quorum)`,
  ],
  [
    'no core server',
    (e) => Object.assign(pool(e, 'core'), { minSize: 0, desiredSize: undefined }),
    `${P}.nodePools.core.minSize = 0: sets how many core servers Terraform keeps; use 1 to 30 (at least one for system services, at most 10 per location in a spread placement group)`,
  ],
  [
    'Object Storage where Hetzner has none',
    (e) => Object.assign(e, { region: 'us-east', zones: ['ash'] }),
    `${P}.hetzner.objectStorageLocation: is missing; Hetzner has no Object Storage in ash; set it to fsn1, nbg1 or hel1`,
  ],
  [
    'the API open to the internet',
    (e) => (e.apiAccess = { privateEndpoint: true, publicAccessCidrs: ['0.0.0.0/0'] }),
    `${P}.apiAccess.publicAccessCidrs.0 = "0.0.0.0/0": opens the Kubernetes API to the whole internet; list your office or VPN ranges instead`,
  ],
  [
    'a Kubernetes version Talos does not run',
    (e) => (e.kubernetesVersion = '1.30'),
    `${P}.kubernetesVersion = "1.30": is not supported on hetzner; use one of 1.32, 1.33, 1.34, 1.35, 1.36`,
  ],
  [
    'a DNS provider of another cloud',
    (e) => (sub(e, 'dns').provider = 'route53'),
    `${P}.dns.provider = "route53": must be "hetzner" on hetzner`,
  ],
  [
    'an unknown load balancer type',
    (e) => (sub(e, 'hetzner').loadBalancerType = 'lb99'),
    `${P}.hetzner.loadBalancerType = "lb99": must be "lb11", "lb21" or "lb31"`,
  ],
  [
    'a bucket prefix with upper case',
    (e) => (sub(e, 'hetzner').bucketPrefix = 'HOT-'),
    `${P}.hetzner.bucketPrefix = "HOT-": must be 3-40 lower-case letters, digits and -, starting and ending with a letter or digit (the - before the environment is added), e.g. "hotosm"`,
  ],
];

describe('hetzner-dr bad settings', () => {
  it('accepts the default environment', () => {
    expect(() => validateEnvironments([HETZNER_DR_ALONE])).not.toThrow();
  });

  it.each(CASES)('%s', (_name, patch, expected) => {
    expect(hotErrorMessage(() => validateEnvironments([withPatch(patch)]))).toBe(expected);
  });
});
