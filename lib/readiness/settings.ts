import type { Environment } from '../config/schema';
import { variablePrefix } from '../config/variables';
import { defaultImageSelector } from '../hetzner/talos-image';
import { ZONE_DELEGATION_OUTPUT } from '../core/dns-zone';
import { blocker, type Finding, warning } from './finding';

/** Domains reserved for examples and tests (RFC 2606, RFC 6761): no certificate or record can be made for them. */
const RESERVED_DOMAIN = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost|local)$/;

export interface SettingsCheckOptions {
  /** This machine runs inside the environment's network (an agent, a jump box, a VPN). @default false */
  readonly insideNetwork?: boolean;
}

/** Settings that validate but cannot serve a real deployment. */
export function settingFindings(env: Environment, options: SettingsCheckOptions = {}): Finding[] {
  const variable = (suffix: string) => variablePrefix(env.name) + suffix;
  const findings: Finding[] = [];
  if (RESERVED_DOMAIN.test(env.dns.baseDomain)) {
    findings.push(
      blocker(
        variable('BASE_DOMAIN'),
        `is "${env.dns.baseDomain}", a domain reserved for examples; set the domain the apps are published under`,
      ),
    );
  }
  findings.push(...dnsAndImageFindings(env));
  findings.push(...adminFindings(env, variable));
  findings.push(...networkPathFindings(env, variable, options.insideNetwork ?? false));
  const alerts = env.platform.alerts;
  if (!alerts.email && !alerts.slack) {
    findings.push(
      warning(
        'platform.alerts',
        'has no receiver, so alerts notify nobody; set platform.alerts.email or .slack (lib/config/README.md)',
      ),
    );
  }
  if (env.backend.type === 'local') {
    findings.push(
      warning(
        'backend',
        "is local: the state, which holds the cluster's secrets, stays on this machine's disk; set HOT_TFC_ORGANIZATION to keep it in Terraform Cloud",
      ),
    );
  }
  return findings;
}

function dnsAndImageFindings(env: Environment): Finding[] {
  const findings: Finding[] = [];
  if (env.cloud === 'hetzner') {
    findings.push(
      warning(
        'Talos snapshot',
        `the servers boot the snapshot labelled ${env.hetzner.imageSelector ?? defaultImageSelector()}, which must exist in the project before the first apply (lib/hetzner/README.md has the command)`,
      ),
    );
  }
  if (env.dns.zoneId === undefined) {
    const parent =
      env.cloud === 'hetzner' ? `its registrar` : `the zone of ${env.dns.baseDomain.replace(/^[^.]+\./, '')}`;
    findings.push(
      warning(
        'dns',
        `the cluster stack creates the zone ${env.dns.baseDomain}; until ${parent} delegates it (NS records to the servers in output ${ZONE_DELEGATION_OUTPUT}), no name or certificate resolves; check with dig +short NS ${env.dns.baseDomain}`,
      ),
    );
  }
  return findings;
}

function adminFindings(env: Environment, variable: (suffix: string) => string): Finding[] {
  if (env.cloud === 'aws') {
    const findings: Finding[] = [];
    if (env.aws.accountId === undefined) {
      findings.push(
        blocker(
          variable('AWS_ACCOUNT_ID'),
          'is unset, so Terraform deploys into whichever account the credentials belong to; set the 12-digit account id',
        ),
      );
    }
    if (env.aws.adminPrincipalArns.length === 0) {
      findings.push(
        blocker(
          variable('ADMIN_PRINCIPALS'),
          "is empty, so only the identity Terraform runs as (through its own access entry) can administer the cluster; list your admins' IAM role ARNs",
        ),
      );
    }
    return findings;
  }
  if (env.cloud === 'azure' && env.azure.adminGroupObjectIds.length === 0) {
    return [
      blocker(
        variable('AZURE_ADMIN_GROUPS'),
        'is empty, and the cluster has no local accounts, so nobody can administer it; list the Entra ID admin groups',
      ),
    ];
  }
  return [];
}

/**
 * Where Terraform must run. AKS's Key Vault is private on every setting (the KMS key is made through its private
 * endpoint); a private-only EKS API, and a Hetzner cluster reached on its private addresses, need the same.
 */
function networkPathFindings(
  env: Environment,
  variable: (suffix: string) => string,
  insideNetwork: boolean,
): Finding[] {
  if (insideNetwork) return [];
  const reason =
    env.cloud === 'azure'
      ? 'the Key Vault of the etcd encryption key is reachable only inside the VNet'
      : env.cloud === 'hetzner'
        ? env.apiAccess.privateEndpoint
          ? 'Terraform configures the Talos nodes on their private addresses (apiAccess.privateEndpoint is true)'
          : undefined
        : env.apiAccess.publicAccessCidrs.length === 0
          ? 'the Kubernetes API is private-only (no HOT_<ENV>_API_ALLOWED_CIDRS)'.replace(
              'HOT_<ENV>_',
              variablePrefix(env.name),
            )
          : undefined;
  if (reason === undefined) return [];
  return [
    blocker(
      'runner',
      `${reason}, and this machine has no declared path into the network; run Terraform from a runner inside it (a Terraform Cloud agent, a jump box, a VPN) and pass --inside-network${env.cloud === 'aws' ? `, or list this machine's public range in ${variable('API_ALLOWED_CIDRS')}` : ''}`,
    ),
  ];
}
