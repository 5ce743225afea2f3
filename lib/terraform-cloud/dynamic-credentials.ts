import { TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * HCP Terraform's dynamic provider credentials, as the run hands them to a configuration: the AWS ones as a
 * shared config file, the Azure ones as an OIDC token file and a client-id file, each path in a Terraform
 * variable the run sets itself (docs: dynamic-provider-credentials, "specifying multiple configurations").
 * The providers of the cloud read them natively; a credential plugin the kubernetes and helm providers run
 * (the AWS CLI, kubelogin) is another process, so it gets the paths through its environment.
 */
export const TFC_AWS_CREDENTIALS_VARIABLE = 'tfc_aws_dynamic_credentials';
export const TFC_AZURE_CREDENTIALS_VARIABLE = 'tfc_azure_dynamic_credentials';

/** Variables the run sets itself: never listed for a person to set. */
export const TFC_PROVIDED_VARIABLES: readonly string[] = [TFC_AWS_CREDENTIALS_VARIABLE, TFC_AZURE_CREDENTIALS_VARIABLE];

function declared(scope: Construct, id: string, fields: readonly string[], description: string): TerraformVariable {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof TerraformVariable) return existing;
  const entry = `object({ ${fields.map((f) => `${f} = string`).join(', ')} })`;
  // Only paths, but its name says credentials: sensitive, as HOT-STATE-002 wants for such names.
  return new TerraformVariable(stack, id, {
    type: `object({ default = ${entry}, aliases = map(${entry}) })`,
    sensitive: true,
    description,
  });
}

/** The AWS shared config file of the run's dynamic credentials, for the AWS CLI (`AWS_CONFIG_FILE`). */
export function tfcAwsConfigFile(scope: Construct): string {
  const variable = declared(
    scope,
    TFC_AWS_CREDENTIALS_VARIABLE,
    ['shared_config_file'],
    'Set by HCP Terraform when TFC_AWS_PROVIDER_AUTH is true: where the run keeps its AWS credentials',
  );
  return `\${var.${variable.friendlyUniqueId}.default.shared_config_file}`;
}

/** The workload identity of the run for kubelogin's `workloadidentity` mode (the same variables AKS sets in pods). */
export function tfcAzureWorkloadIdentity(scope: Construct, tenantId: string): Readonly<Record<string, string>> {
  const variable = declared(
    scope,
    TFC_AZURE_CREDENTIALS_VARIABLE,
    ['client_id_file_path', 'oidc_token_file_path'],
    'Set by HCP Terraform when TFC_AZURE_PROVIDER_AUTH is true: the run identity token and its client id, as files',
  );
  const path = `var.${variable.friendlyUniqueId}.default`;
  return {
    AZURE_CLIENT_ID: `\${trimspace(file(${path}.client_id_file_path))}`,
    AZURE_TENANT_ID: tenantId,
    AZURE_FEDERATED_TOKEN_FILE: `\${${path}.oidc_token_file_path}`,
    AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com/',
  };
}
