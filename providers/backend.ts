import { CloudBackend, LocalBackend, NamedCloudWorkspace, type TerraformStack } from 'cdktf';
import { DataTerraformRemoteStateLocal } from 'cdktf/lib/backends/local-backend';
import type { Construct } from 'constructs';
import type { BackendConfig } from '../lib/config/schema';

/**
 * State file of a stack, relative to the stack's working directory (cdktf.out/stacks/<id>), so it lands in the
 * project root like cdktf's default but the synthesized JSON holds no machine-specific absolute path.
 */
export function localStatePath(stackId: string): string {
  return `../../../terraform.${stackId}.tfstate`;
}

/** Local state whose cross-stack lookups read the *other* stack's file (cdktf's reuses its own path). */
class ProjectLocalBackend extends LocalBackend {
  constructor(scope: TerraformStack) {
    super(scope, { path: localStatePath(scope.node.id) });
  }

  public override getRemoteStateDataSource(scope: Construct, name: string, fromStack: string) {
    return new DataTerraformRemoteStateLocal(scope, name, { path: localStatePath(fromStack) });
  }
}

/** The only place a backend is configured: local by default, one Terraform Cloud workspace per stack otherwise. */
export function configureBackend(stack: TerraformStack, backend: BackendConfig): void {
  if (backend.type === 'local') {
    new ProjectLocalBackend(stack);
    return;
  }
  new CloudBackend(stack, {
    hostname: backend.hostname,
    organization: backend.organization,
    workspaces: new NamedCloudWorkspace(terraformCloudWorkspace(backend.workspacePrefix, stack.node.id)),
  });
}

export function terraformCloudWorkspace(prefix: string, stackId: string): string {
  return `${prefix}${stackId}`;
}
