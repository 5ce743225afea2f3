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

/** Gateway API routes a release delivers as objects (the objects chart), and Traefik's own IngressRoutes. */
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute']);
const TRAEFIK_HOST = /Host(?:SNI)?\(([^)]*)\)/g;

function objectHosts(object: Record<string, unknown>): string[] {
  const spec = block(object.spec) ?? {};
  if (ROUTE_KINDS.has(String(object.kind))) return strings(spec.hostnames);
  // An Argo CD Application publishes what its chart's values do.
  if (object.kind === 'Application') return valuesHosts(block(block(spec.source)?.helm)?.valuesObject ?? {});
  if (object.kind !== 'IngressRoute') return [];
  return blocks(spec.routes).flatMap((route) =>
    [...String(route.match ?? '').matchAll(TRAEFIK_HOST)].flatMap((m) =>
      m[1].split(',').map((h) => h.trim().replace(/^[`'"]|[`'"]$/g, '')),
    ),
  );
}

/**
 * Hosts anywhere in a chart's values: every enabled `ingress` block (`server.ingress`, `grafana.ingress`...),
 * every enabled block with Gateway API `hostnames` (`grafana.route.main`, `server.httproute`...), and the
 * objects the project's own chart delivers.
 */
function valuesHosts(values: unknown, key = ''): string[] {
  if (Array.isArray(values)) {
    return values.flatMap((v) =>
      key === 'objects' && typeof v === 'object' && v !== null
        ? objectHosts(v as Record<string, unknown>)
        : valuesHosts(v),
    );
  }
  if (typeof values !== 'object' || values === null) return [];
  const here = values as Record<string, unknown>;
  const enabled = here.enabled === true;
  const own = [
    ...(key === 'ingress' && enabled ? ingressHosts(here) : []),
    ...(enabled && Array.isArray(here.hostnames) ? strings(here.hostnames) : []),
  ];
  return [...own, ...Object.entries(here).flatMap(([k, v]) => valuesHosts(v, k))];
}

function releaseHosts(config: Readonly<Record<string, unknown>>): string[] {
  return strings(config.values).flatMap((text) => {
    try {
      return valuesHosts(JSON.parse(text));
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
  // A wildcard names a certificate or a Gateway listener, not a service: the routes behind it are checked.
  const missing = [...new Set(hosts)].filter((h) => !isReference(h) && !h.startsWith('*.') && !declared.has(h));
  return missing.length > 0
    ? `publishes ${missing.join(', ')} through an Ingress or route without declaring what guards it; declare it with publishHost()`
    : undefined;
}

export const exposureRules: PolicyRule[] = [
  {
    id: 'HOT-ING-001',
    title:
      'Every host published to the internet (Ingress, Gateway API route) is declared with its guard; an unguarded one says why',
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
