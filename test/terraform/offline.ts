import { execFileSync, spawn } from 'child_process';
import { existsSync, readdirSync } from 'fs';
import { join } from 'path';

export const AWS_PROVIDER_VERSION = '5.100.0';

/** Where a filesystem mirror of hashicorp/aws may live; HOT_TF_PLUGIN_MIRROR wins. */
const MIRROR_CANDIDATES = [
  process.env.HOT_TF_PLUGIN_MIRROR,
  '/opt/tf-plugins',
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
  join(process.env.HOME ?? '/root', '.terraform.d', 'plugins'),
].filter((p): p is string => typeof p === 'string' && p.length > 0);

export interface OfflineTerraform {
  readonly terraform: string;
  readonly mirror: string;
}

/** The terraform binary and a mirror holding the aws plugin, or the reason they are missing. */
export function findOfflineTerraform(): OfflineTerraform | { readonly missing: string } {
  let terraform: string;
  try {
    terraform = execFileSync('which', ['terraform'], { encoding: 'utf8' }).trim();
  } catch {
    return { missing: 'no terraform CLI on PATH' };
  }
  for (const mirror of MIRROR_CANDIDATES) {
    const dir = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION);
    if (
      existsSync(dir) &&
      readdirSync(dir).some((platform) => platform.startsWith('linux_') || platform.startsWith('darwin_'))
    ) {
      return { terraform, mirror };
    }
  }
  return { missing: `no hashicorp/aws ${AWS_PROVIDER_VERSION} plugin mirror in ${MIRROR_CANDIDATES.join(', ')}` };
}

/**
 * The AWS API each resource type talks to, so every one can be pointed at loopback. A type missing here
 * fails the test: add its service before planning it offline.
 */
export const SERVICE_OF_TYPE: ReadonlyArray<readonly [RegExp, string]> = [
  [/^aws_eks_/, 'eks'],
  [/^aws_iam_/, 'iam'],
  [/^aws_kms_/, 'kms'],
  [/^aws_cloudwatch_log_/, 'cloudwatchlogs'],
  [
    /^aws_(vpc|subnet|route|route_table|route_table_association|eip|nat_gateway|internet_gateway|launch_template|default_security_group|security_group|ec2_tag|flow_log)$/,
    'ec2',
  ],
  [/^aws_s3_/, 's3'],
  [/^aws_sqs_/, 'sqs'],
  [/^aws_cloudwatch_event_/, 'events'],
  [/^aws_route53_/, 'route53'],
];

export function serviceOf(type: string): string | undefined {
  return SERVICE_OF_TYPE.find(([pattern]) => pattern.test(type))?.[1];
}

/** An unroutable loopback port: a stray call fails at once and never leaves the machine. */
export const LOOPBACK = 'http://127.0.0.1:9';

/**
 * Runs terraform in `work` with nothing of this machine's configuration (HOME and the CLI config point into
 * `work`), the checkpoint off, and every proxy at loopback: anything that ignores the AWS endpoints still
 * cannot reach the internet.
 */
export function offlineRunner(
  offline: OfflineTerraform | undefined,
  work: string,
  extraEnv: Readonly<Record<string, string>> = {},
): (args: string[]) => string {
  return (args) =>
    execFileSync(offline?.terraform ?? 'terraform', args, {
      cwd: work,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: work,
        CHECKPOINT_DISABLE: '1',
        TF_IN_AUTOMATION: '1',
        TF_CLI_CONFIG_FILE: join(work, 'terraform.rc'),
        HTTPS_PROXY: LOOPBACK,
        HTTP_PROXY: LOOPBACK,
        NO_PROXY: '',
        ...extraEnv,
      },
    });
}

/** The identity the fake STS reports: an IAM user, so `aws_iam_session_context` needs no IAM call either. */
export const OFFLINE_CALLER = { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/offline-plan' };

const FAKE_STS = `
const http = require('http');
const reply = '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>'
  + '<Arn>${OFFLINE_CALLER.arn}</Arn><UserId>AIDAOFFLINEPLANONLY00</UserId><Account>${OFFLINE_CALLER.account}</Account>'
  + '</GetCallerIdentityResult><ResponseMetadata><RequestId>offline</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const known = body.includes('Action=GetCallerIdentity');
    res.writeHead(known ? 200 : 400, { 'Content-Type': 'text/xml' });
    res.end(known ? reply : '<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>');
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/**
 * STS on loopback that answers GetCallerIdentity only, in its own process (terraform runs synchronously
 * from the test): the stack reads who Terraform runs as, and a plan must not need real credentials for it.
 */
export async function startFakeSts(): Promise<{ readonly url: string; stop(): void }> {
  const child = spawn(process.execPath, ['-e', FAKE_STS], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (data: Buffer) => resolve(data.toString().trim()));
    child.once('exit', (code) => reject(new Error(`fake STS exited with ${String(code)}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}
