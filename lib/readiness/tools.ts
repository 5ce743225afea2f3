import type { Environment } from '../config/schema';
import { blocker, type Finding, warning } from './finding';

/** Runs a binary and returns its stdout, or undefined when it is not on PATH or fails. */
export type RunBinary = (command: string, args: readonly string[]) => string | undefined;

interface Tool {
  readonly command: string;
  readonly versionArgs: readonly string[];
  /** The version in the output, e.g. `1.11.4`. */
  readonly version: RegExp;
  readonly minimum: readonly [number, number];
  /** Why the runner needs it and where to get it. */
  readonly purpose: string;
}

/** The Terraform this project's tests plan with (test/terraform); older releases are not tested. */
const TERRAFORM: Tool = {
  command: 'terraform',
  versionArgs: ['version', '-json'],
  version: /"terraform_version":\s*"(\d+)\.(\d+)\.\d+/,
  minimum: [1, 11],
  purpose: 'plans and applies every stack; install it from developer.hashicorp.com/terraform/install',
};

/** The helm and kubernetes providers of an EKS apps stack call `aws eks get-token` for every connection. */
const AWS_CLI: Tool = {
  command: 'aws',
  versionArgs: ['--version'],
  version: /aws-cli\/(\d+)\.(\d+)/,
  minimum: [2, 0],
  purpose: 'the apps stack authenticates with `aws eks get-token` (lib/aws/README.md); install AWS CLI v2',
};

/** The helm and kubernetes providers of an AKS apps stack get their Entra ID token from kubelogin. */
const KUBELOGIN: Tool = {
  command: 'kubelogin',
  versionArgs: ['--version'],
  version: /v?(\d+)\.(\d+)\.\d+/,
  minimum: [0, 1],
  purpose:
    'the apps stack gets its Entra ID token from kubelogin (lib/azure/README.md); install it from github.com/Azure/kubelogin',
};

const AZURE_CLI: Tool = {
  command: 'az',
  versionArgs: ['version', '--output', 'json'],
  version: /"azure-cli":\s*"(\d+)\.(\d+)/,
  minimum: [2, 0],
  purpose: 'azure.kubeloginMode "azurecli" takes the token of `az login`; install the Azure CLI',
};

export function toolsFor(env: Environment): readonly Tool[] {
  switch (env.cloud) {
    case 'aws':
      return [TERRAFORM, AWS_CLI];
    case 'azure':
      return env.azure.kubeloginMode === 'azurecli' ? [TERRAFORM, KUBELOGIN, AZURE_CLI] : [TERRAFORM, KUBELOGIN];
    case 'hetzner':
      return [TERRAFORM];
  }
}

/** Every binary the runner needs for this environment, at a working version. */
export function toolFindings(env: Environment, run: RunBinary): Finding[] {
  return toolsFor(env).flatMap((tool) => {
    const output = run(tool.command, tool.versionArgs);
    if (output === undefined) return [blocker(tool.command, `is not on PATH; ${tool.purpose}`)];
    const match = tool.version.exec(output);
    const found = match ? ([Number(match[1]), Number(match[2])] as const) : undefined;
    const minimum = tool.minimum.join('.');
    if (!found) return [blocker(tool.command, `printed no version this check understands; ${tool.purpose}`)];
    const tooOld = found[0] < tool.minimum[0] || (found[0] === tool.minimum[0] && found[1] < tool.minimum[1]);
    return tooOld ? [blocker(tool.command, `is ${found.join('.')}, older than ${minimum}; ${tool.purpose}`)] : [];
  });
}

/**
 * The cdktf CLI's terminal library (`@cdktf/node-pty-prebuilt-multiarch` 0.10.2) ships native builds up to
 * Node 22's ABI (127): on a newer Node, `cdktf deploy` cannot start. Node 20 runs it but is past end of life.
 */
export function nodeFindings(version: string): Finding[] {
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  if (major > 22) {
    return [
      blocker(
        'node',
        `is ${version}; the cdktf CLI's node-pty has no build for it, so deploys cannot start: use Node 22`,
      ),
    ];
  }
  if (major < 22) return [warning('node', `is ${version}, past its end of life; use Node 22 (README)`)];
  return [];
}
