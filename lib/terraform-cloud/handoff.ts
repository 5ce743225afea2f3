import type { Environment } from '../config/schema';
import { block } from '../policies/read';
import type { StackDocument } from '../policies/types';
import { TFC_PROVIDED_VARIABLES } from './dynamic-credentials';

/** A variable a workspace needs, as the synthesized stack declares it. */
export interface WorkspaceVariable {
  readonly name: string;
  readonly sensitive: boolean;
  readonly description: string;
}

/** An environment variable of the workspace: a value to copy, or what to put there. */
export interface WorkspaceEnvironmentVariable {
  readonly name: string;
  readonly value: string;
  readonly why: string;
}

/** Everything one Terraform Cloud workspace needs before its first run, derived from its synthesized stack. */
export interface WorkspaceHandoff {
  readonly workspace: string;
  readonly stack: string;
  readonly environment: string;
  readonly cloud: Environment['cloud'];
  /** `agent` where the run must reach a private network (an API, a vault), `remote` where public APIs do. */
  readonly executionMode: 'remote' | 'agent';
  readonly executionReason: string;
  /** Terraform variables to set (sensitive ones as sensitive), from the stack's `variable` blocks. */
  readonly terraformVariables: readonly WorkspaceVariable[];
  readonly environmentVariables: readonly WorkspaceEnvironmentVariable[];
  /** Workspaces that read this one's state (`terraform_remote_state`): Remote state sharing must list them. */
  readonly remoteStateConsumers: readonly string[];
  /** Binaries the run needs on the agent, beyond Terraform. */
  readonly agentTools: readonly string[];
}

export interface TerraformCloudHandoff {
  readonly organization: string;
  readonly hostname: string;
  readonly workspaces: readonly WorkspaceHandoff[];
}

function workspaceOf(doc: StackDocument): { name: string; organization: string; hostname: string } | undefined {
  const cloud = block(doc.terraform?.cloud);
  const name = block(cloud?.workspaces)?.name;
  if (!cloud || typeof name !== 'string') return undefined;
  return { name, organization: String(cloud.organization), hostname: String(cloud.hostname) };
}

/** Workspace name -> the workspaces whose stacks read its state. */
function consumersOf(documents: Readonly<Record<string, StackDocument>>): Map<string, string[]> {
  const consumers = new Map<string, string[]>();
  for (const doc of Object.values(documents)) {
    const reader = workspaceOf(doc)?.name;
    for (const source of Object.values(doc.data?.terraform_remote_state ?? {})) {
      const producer = block(block(source.config)?.workspaces)?.name;
      if (!reader || source.backend !== 'remote' || typeof producer !== 'string') continue;
      consumers.set(producer, [...new Set([...(consumers.get(producer) ?? []), reader])].sort());
    }
  }
  return consumers;
}

function credentials(env: Environment, workspace: string, isApps: boolean): WorkspaceEnvironmentVariable[] {
  switch (env.cloud) {
    case 'aws':
      return [
        {
          name: 'TFC_AWS_PROVIDER_AUTH',
          value: 'true',
          why: 'dynamic credentials: the run assumes an IAM role by OIDC',
        },
        {
          name: 'TFC_AWS_RUN_ROLE_ARN',
          value: `arn:aws:iam::${env.aws.accountId ?? '<account id>'}:role/${workspace}`,
          why: `a role trusting app.terraform.io (audience aws.workload.identity) for sub organization:<org>:project:*:workspace:${workspace}:run_phase:*${isApps ? '; list it in aws.adminPrincipalArns, so EKS gives it an access entry' : ''}`,
        },
      ];
    case 'azure':
      return [
        {
          name: 'TFC_AZURE_PROVIDER_AUTH',
          value: 'true',
          why: 'dynamic credentials: the run signs in as an Entra ID app by OIDC',
        },
        {
          name: 'TFC_AZURE_RUN_CLIENT_ID',
          value: `<client id of the app registration for ${workspace}>`,
          why: `federated credentials (issuer https://app.terraform.io) for organization:<org>:project:<project>:workspace:${workspace}:run_phase:plan and :apply${isApps ? '; its object id in one of azure.adminGroupObjectIds, for the cluster' : ''}`,
        },
        ...(env.azure.subscriptionId
          ? []
          : [{ name: 'ARM_SUBSCRIPTION_ID', value: '<subscription id>', why: 'azure.subscriptionId is not set' }]),
        ...(env.azure.tenantId
          ? []
          : [{ name: 'ARM_TENANT_ID', value: '<tenant id>', why: 'azure.tenantId is not set' }]),
      ];
    case 'hetzner':
      // Terraform Cloud has no dynamic credentials for Hetzner: its tokens are the stack's sensitive variables.
      return [];
  }
}

function execution(env: Environment, isApps: boolean): Pick<WorkspaceHandoff, 'executionMode' | 'executionReason'> {
  if (isApps) {
    return {
      executionMode: 'agent',
      executionReason: `the Kubernetes API of ${env.name} admits only its private network${env.apiAccess.publicAccessCidrs.length > 0 ? ' and listed ranges' : ''}, not Terraform Cloud's workers`,
    };
  }
  switch (env.cloud) {
    case 'aws':
      return { executionMode: 'remote', executionReason: 'every API it calls is an AWS public endpoint' };
    case 'azure':
      return {
        executionMode: 'agent',
        executionReason: 'the KMS key is created through the Key Vault private endpoint',
      };
    case 'hetzner':
      return { executionMode: 'agent', executionReason: 'the Talos API (50000) is open only to the allow-list' };
  }
}

function agentTools(env: Environment, isApps: boolean): string[] {
  if (!isApps) return [];
  switch (env.cloud) {
    case 'aws':
      return ['AWS CLI v2 (aws eks get-token; it reads the run credentials through AWS_CONFIG_FILE)'];
    case 'azure':
      return ['kubelogin (get-token --login workloadidentity, with the run token file)'];
    case 'hetzner':
      return [];
  }
}

/**
 * What each workspace needs, from the synthesized stacks of environments on Terraform Cloud: variables, dynamic
 * credentials, remote state sharing, execution mode and the agent's tools. Undefined when none uses it.
 */
export function terraformCloudHandoff(
  environments: readonly Environment[],
  documents: Readonly<Record<string, StackDocument>>,
): TerraformCloudHandoff | undefined {
  const consumers = consumersOf(documents);
  const workspaces: WorkspaceHandoff[] = [];
  let target: { organization: string; hostname: string } | undefined;
  for (const env of environments) {
    for (const stack of [env.name, `${env.name}-apps`]) {
      const doc = documents[stack];
      const workspace = doc ? workspaceOf(doc) : undefined;
      if (!doc || !workspace) continue;
      target = { organization: workspace.organization, hostname: workspace.hostname };
      const isApps = stack !== env.name;
      workspaces.push({
        workspace: workspace.name,
        stack,
        environment: env.name,
        cloud: env.cloud,
        ...execution(env, isApps),
        terraformVariables: Object.entries(doc.variable ?? {})
          .filter(([name]) => !TFC_PROVIDED_VARIABLES.includes(name))
          .map(([name, v]) => ({ name, sensitive: v.sensitive === true, description: String(v.description ?? '') })),
        environmentVariables: credentials(env, workspace.name, isApps),
        remoteStateConsumers: consumers.get(workspace.name) ?? [],
        agentTools: agentTools(env, isApps),
      });
    }
  }
  return target ? { ...target, workspaces } : undefined;
}
