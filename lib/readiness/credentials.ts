import { existsSync } from 'fs';
import { join } from 'path';
import type { Environment } from '../config/schema';
import { variablePrefix } from '../config/variables';
import { blocker, type Finding, warning } from './finding';

type Env = Readonly<Record<string, string | undefined>>;

export interface CredentialContext {
  readonly env: Env;
  /** The runner's home directory, for the CLIs' credential files. */
  readonly home: string;
  /** Terraform variables the environment's stacks declare without a default: each must be given. */
  readonly requiredVariables: readonly string[];
}

/** The credentials Terraform and the providers will look for on this machine. */
export function credentialFindings(environment: Environment, context: CredentialContext): Finding[] {
  const { env, home } = context;
  const has = (...names: string[]) => names.every((name) => (env[name] ?? '') !== '');
  const findings: Finding[] = [];

  if (environment.backend.type === 'terraform-cloud') {
    const host = environment.backend.hostname;
    const tokenVariable = `TF_TOKEN_${host.replace(/\./g, '_').replace(/-/g, '__')}`;
    if (!has(tokenVariable) && !existsSync(join(home, '.terraform.d', 'credentials.tfrc.json'))) {
      findings.push(
        blocker(tokenVariable, `is unset and there is no \`terraform login\` token; run \`terraform login ${host}\``),
      );
    }
    if (context.requiredVariables.length > 0) {
      findings.push(
        warning(
          'Terraform Cloud variables',
          `runs use the workspaces' variables; set ${context.requiredVariables.join(', ')} there as sensitive variables`,
        ),
      );
    }
  } else {
    for (const name of context.requiredVariables) {
      if (!has(`TF_VAR_${name}`)) {
        findings.push(
          blocker(`TF_VAR_${name}`, `is unset; the stacks declare the sensitive variable "${name}" with no default`),
        );
      }
    }
  }

  switch (environment.cloud) {
    case 'aws': {
      const found =
        has('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY') ||
        has('AWS_PROFILE') ||
        has('AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN') ||
        has('AWS_CONTAINER_CREDENTIALS_FULL_URI') ||
        has('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI') ||
        existsSync(join(home, '.aws', 'credentials')) ||
        existsSync(join(home, '.aws', 'config'));
      if (!found) {
        findings.push(
          blocker(
            'AWS credentials',
            'none found (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, web identity, ~/.aws); Terraform and `aws eks get-token` use the same ones',
          ),
        );
      }
      break;
    }
    case 'azure': {
      if (environment.azure.subscriptionId === undefined && !has('ARM_SUBSCRIPTION_ID')) {
        findings.push(
          blocker(
            'ARM_SUBSCRIPTION_ID',
            `is unset and so is ${variablePrefix(environment.name)}AZURE_SUBSCRIPTION_ID; the azurerm provider needs the subscription`,
          ),
        );
      }
      const found =
        has('ARM_CLIENT_ID', 'ARM_CLIENT_SECRET') ||
        has('ARM_CLIENT_ID', 'ARM_CLIENT_CERTIFICATE_PATH') ||
        (has('ARM_CLIENT_ID') && (has('ARM_USE_OIDC') || has('ARM_OIDC_TOKEN') || has('ARM_OIDC_TOKEN_FILE_PATH'))) ||
        has('ARM_USE_MSI') ||
        existsSync(join(home, '.azure', 'azureProfile.json'));
      if (!found) {
        findings.push(
          blocker(
            'Azure credentials',
            'none found (ARM_CLIENT_ID with a secret, certificate or OIDC token, ARM_USE_MSI, or `az login`)',
          ),
        );
      }
      break;
    }
    case 'hetzner':
      // The hcloud token and Object Storage keys are Terraform variables, checked above.
      break;
  }
  return findings;
}
