import { PUBLISHED_HOSTS_OUTPUT } from '../../core/published-hosts';
import { block, blocks, isReference, strings } from '../read';
import type { PolicyRule, StackDocument } from '../types';

interface DeclaredHost {
  readonly host: string;
  readonly guards: readonly string[];
  readonly unauthenticated_reason: string | null;
}

function declaredHosts(document: StackDocument): DeclaredHost[] {
  const value = document.output?.[PUBLISHED_HOSTS_OUTPUT]?.value;
  return Array.isArray(value) ? (value as DeclaredHost[]) : [];
}

/** Host names of an `ingress` values block: `hosts` (strings or `{ host }`), `hostname`, `host`, `extraHosts`. */
function ingressHosts(ingress: Record<string, unknown>): string[] {
  const names = (value: unknown): string[] =>
    Array.isArray(value)
      ? value.flatMap((v) => (typeof v === 'string' ? [v] : names(block(v)?.host ?? block(v)?.name)))
      : typeof value === 'string'
        ? [value]
        : [];
  return [ingress.hosts, ingress.hostname, ingress.host, ingress.extraHosts].flatMap(names);
}

/** Every enabled `ingress` block anywhere in a chart's values (`server.ingress`, `grafana.ingress`...). */
function enabledIngresses(values: unknown): Record<string, unknown>[] {
  if (Array.isArray(values)) return values.flatMap(enabledIngresses);
  if (typeof values !== 'object' || values === null) return [];
  return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) => {
    const here = key === 'ingress' && block(value)?.enabled === true ? [block(value) ?? {}] : [];
    return [...here, ...enabledIngresses(value)];
  });
}

function releaseHosts(config: Readonly<Record<string, unknown>>): string[] {
  return strings(config.values).flatMap((text) => {
    try {
      return enabledIngresses(JSON.parse(text)).flatMap(ingressHosts);
    } catch {
      return [];
    }
  });
}

function ingressResourceHosts(config: Readonly<Record<string, unknown>>): string[] {
  return blocks(block(config.spec)?.rule).flatMap((rule) => strings(rule.host));
}

/** Hosts the subject publishes that `publishHost` never declared (computed names cannot be checked here). */
function undeclared(hosts: string[], document: StackDocument): string | undefined {
  const declared = new Set(declaredHosts(document).map((h) => h.host));
  const missing = hosts.filter((h) => !isReference(h) && !declared.has(h));
  return missing.length > 0
    ? `publishes ${missing.join(', ')} through an Ingress without declaring what guards it; declare it with publishHost()`
    : undefined;
}

export const exposureRules: PolicyRule[] = [
  {
    id: 'HOT-ING-001',
    title: 'Every host published to the internet is declared with its guard; an unguarded one says why',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release', 'resource.kubernetes_ingress_v1', 'output'],
    check: ({ type, address, config }, document) => {
      if (type === 'helm_release') return undeclared(releaseHosts(config), document);
      if (type === 'kubernetes_ingress_v1') return undeclared(ingressResourceHosts(config), document);
      if (address !== `output.${PUBLISHED_HOSTS_OUTPUT}`) return undefined;
      const unguarded = declaredHosts(document).filter(
        (h) => h.guards.length === 0 && (h.unauthenticated_reason ?? '').trim().length < 10,
      );
      return unguarded.length > 0
        ? `${unguarded.map((h) => h.host).join(', ')}: published with no authentication and no reason; put it behind SSO or an allow-list, or give unauthenticatedReason`
        : undefined;
    },
  },
];
