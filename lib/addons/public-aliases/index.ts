import type { ICertificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { AddOn } from '../../contracts/addon';
import type { ClusterDescription } from '../../contracts/cluster';
import { ObjectsRelease, type KubernetesObject } from '../../core/objects-release';
import { publishHost } from '../../core/published-hosts';
import { CLUSTER_ISSUER_PROD, INGRESS_NAMESPACE } from '../common';

/** The apps stack output listing the CNAME each owned alias needs in the organisation's zone. */
export const PUBLIC_ALIASES_OUTPUT = 'public-aliases';

/** `tasks.hotosm.org` -> `alias-tasks-hotosm-org`: one name for its Certificate, Secret, Middleware and route. */
export function aliasObjectName(alias: string): string {
  return `alias-${alias.replace(/\./g, '-')}`;
}

/** Where an alias sends its visitors: the service's own name in the environment's zone. */
export function aliasTarget(service: string, cluster: ClusterDescription): string {
  return `${service}.${cluster.dns.baseDomain}`;
}

const regexEscape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One alias's objects in the ingress namespace: its certificate (HTTP-01: the alias lies outside the zone the
 * DNS-01 solver may write), a temporary redirect to the service's environment name keeping path and query,
 * and the route serving it. Temporary, so browsers follow a moved alias at once after a failover.
 */
export function aliasObjects(alias: string, target: string): KubernetesObject[] {
  const name = aliasObjectName(alias);
  const certificate: ICertificate = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name, namespace: INGRESS_NAMESPACE },
    spec: {
      secretName: name,
      dnsNames: [alias],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: CLUSTER_ISSUER_PROD },
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    },
  };
  const redirect = {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'Middleware',
    metadata: { name, namespace: INGRESS_NAMESPACE },
    spec: {
      redirectRegex: {
        regex: `^https?://${regexEscape(alias)}(.*)$`,
        replacement: `https://${target}$1`,
        permanent: false,
      },
    },
  };
  const route = {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'IngressRoute',
    metadata: { name, namespace: INGRESS_NAMESPACE },
    spec: {
      entryPoints: ['websecure'],
      routes: [
        {
          kind: 'Rule',
          match: `Host(\`${alias}\`)`,
          middlewares: [{ name }],
          // Nothing behind the redirect: Traefik's built-in service that answers nothing itself.
          services: [{ kind: 'TraefikService', name: 'noop@internal' }],
        },
      ],
      tls: { secretName: name },
    },
  };
  return [certificate as KubernetesObject, redirect, route];
}

/**
 * The public aliases this environment owns (`dns.publicAliases`): each redirects to its service's environment
 * name, which keeps its own guards, so apps keep one canonical URL (cookies, OAuth callbacks, CORS) wherever
 * they run. The organisation's zone holds one CNAME per alias, listed in the `public-aliases` output.
 */
export class PublicAliasesAddOn implements AddOn {
  public readonly id = 'public-aliases';
  /** Traefik's CRDs and namespace; cert-manager's CRDs and issuers. */
  public readonly dependsOn = ['ingress', 'cert-manager'];
  private readonly aliases: readonly (readonly [alias: string, service: string])[];

  constructor(aliases: Readonly<Record<string, string>>) {
    this.aliases = Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b));
  }

  public install(scope: Construct, cluster: ClusterDescription): void {
    const records = this.aliases.map(([alias, service]) => {
      const target = aliasTarget(service, cluster);
      publishHost(scope, {
        host: alias,
        service: `${INGRESS_NAMESPACE}/noop@internal`,
        guards: [],
        unauthenticatedReason: `a redirect to https://${target}, which keeps its own guards`,
      });
      return { alias, target };
    });
    new ObjectsRelease(scope, 'aliases', {
      releaseName: 'public-aliases',
      namespace: INGRESS_NAMESPACE,
      objects: records.flatMap(({ alias, target }) => aliasObjects(alias, target)),
    });
    new TerraformOutput(scope, PUBLIC_ALIASES_OUTPUT, {
      staticId: true,
      description: 'CNAME records the organisation zone must hold for the aliases this environment owns',
      value: records.map(({ alias, target }) => ({ name: alias, type: 'CNAME', value: target })),
    });
  }
}
