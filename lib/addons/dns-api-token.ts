import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { DNS_API_TOKEN_SECRET, type ClusterDescription } from '../contracts/cluster';
import { sensitiveVariable } from '../core/sensitive-variable';

/**
 * `DNS_API_TOKEN_SECRET` in `namespace`, from the apps stack's sensitive variable the contract names, where the
 * DNS API takes a token; undefined where the DNS clients sign in with workload identities.
 */
export function dnsApiTokenSecret(
  scope: Construct,
  cluster: ClusterDescription,
  namespace: string,
  dependsOn?: ITerraformDependable[],
): SecretV1 | undefined {
  const token = cluster.dns.apiToken;
  if (!token) return undefined;
  return new SecretV1(scope, 'dns-api-token', {
    metadata: { name: DNS_API_TOKEN_SECRET.name, namespace },
    data: { [DNS_API_TOKEN_SECRET.key]: sensitiveVariable(scope, token.variable, token.description).stringValue },
    dependsOn,
  });
}
