import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Testing } from 'cdktf';
import { loadEnvironments } from '../../lib/config/load';
import type { Environment, EnvironmentInput } from '../../lib/config/schema';
import { awsProd } from '../../lib/config/environments/aws-prod';
import { hetznerDr } from '../../lib/config/environments/hetzner-dr';
import { DEFAULT_ENVIRONMENTS } from '../../lib/config/environments';
import { variablePrefix } from '../../lib/config/variables';
import { addEnvironment, type EnvironmentStacks } from '../../stacks/flavours';
import type { StackDocument } from '../../lib/policies/types';

/** hetzner-dr on its own, without the environment it restores from (which a lone environment cannot name). */
export const HETZNER_DR_ALONE: EnvironmentInput = { ...hetznerDr, restoreFrom: undefined };

/** The aws-prod environment, validated, with optional overrides merged over the default. */
export function awsProdEnvironment(patch: Partial<EnvironmentInput> = {}): Environment {
  return loadEnvironments({ env: {}, defaults: [{ ...awsProd, ...patch } as EnvironmentInput] })[0];
}

/** Builds an environment's two stacks in a fresh test app (validations do not run here). */
export function buildEnvironment(environment: Environment = awsProdEnvironment()): EnvironmentStacks & { app: App } {
  const app = Testing.app();
  return { app, ...addEnvironment(app, environment) };
}

/** A stack's Terraform JSON, parsed. */
export function documentOf(stack: Parameters<typeof Testing.synth>[0]): StackDocument {
  return JSON.parse(Testing.synth(stack)) as StackDocument;
}

/**
 * Synthesizes whole environments the way `cdktf synth` does (cross-stack wiring, policy validations) into a
 * fresh directory, and returns each stack's document by stack id.
 */
export function synthEnvironments(environments: readonly Environment[]): {
  outdir: string;
  documents: Record<string, StackDocument>;
  stacks: Record<string, EnvironmentStacks>;
} {
  const outdir = mkdtempSync(join(tmpdir(), 'hot-synth-'));
  const app = new App({ outdir, stackTraces: false });
  const stacks: Record<string, EnvironmentStacks> = {};
  const ids = environments.flatMap((environment) => {
    const { cluster, apps } = (stacks[environment.name] = addEnvironment(app, environment, environments));
    return [cluster.node.id, apps.node.id];
  });
  app.synth();
  const documents = Object.fromEntries(
    ids.map((id) => [id, JSON.parse(readFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as StackDocument]),
  );
  return { outdir, documents, stacks };
}

/**
 * Settings that take an existing DNS zone by id on every cloud, where the defaults create one: the other path
 * through each flavour's zone (no zone resource, identities scoped to the given zone).
 */
export function withExistingDnsZones(
  environments: readonly EnvironmentInput[] = DEFAULT_ENVIRONMENTS,
): Record<string, string> {
  return Object.fromEntries(
    environments.map((e) => {
      const name = `${variablePrefix(e.name)}DNS_ZONE_ID`;
      switch (e.cloud) {
        case 'aws':
          return [name, 'Z0123456789ABCDEFGHIJ'];
        case 'azure':
          return [
            name,
            `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/${e.dns.baseDomain}`,
          ];
        case 'hetzner':
          return [name, '123456'];
      }
    }),
  );
}

export interface SynthesizedVariant {
  readonly variant: string;
  readonly environments: Environment[];
  readonly documents: Record<string, StackDocument>;
  readonly stacks: Record<string, EnvironmentStacks>;
}

/** Admin UIs published behind both guards: SSO (OSM's issuer) and a source allow-list. */
export const ADMIN_ACCESS_FOR_TESTS = {
  allowedCidrs: ['203.0.113.0/24'],
  sso: {
    issuerUrl: 'https://www.openstreetmap.org',
    clientId: 'hot-admin-uis',
    authorizeUrl: 'https://www.openstreetmap.org/oauth2/authorize',
    tokenUrl: 'https://www.openstreetmap.org/oauth2/token',
    userInfoUrl: 'https://www.openstreetmap.org/oauth2/userinfo',
    claim: 'preferred_username',
    admins: ['hot-sysadmin'],
  },
} as const;

/** The apps delivered by Argo CD, sending mail through an authenticated relay. */
export const ARGOCD_APPS_FOR_TESTS = {
  delivery: 'argocd',
  smtp: { host: 'smtp.example.org', port: 587, from: 'no-reply@example.org', username: 'hot-apps' },
} as const;

/**
 * cdktf context (`hot`) publishing every environment's admin UIs with ADMIN_ACCESS_FOR_TESTS, delivering its
 * apps with ARGOCD_APPS_FOR_TESTS and giving its Field-TM a public alias of its own; Hetzner's API server trusts
 * the SSO issuer (`hetzner.oidc`), so Headlamp signs people in there.
 */
export function withAdminAccess(environments: readonly EnvironmentInput[] = DEFAULT_ENVIRONMENTS) {
  const { issuerUrl, clientId } = ADMIN_ACCESS_FOR_TESTS.sso;
  return {
    environments: Object.fromEntries(
      environments.map((e) => [
        e.name,
        {
          platform: { adminAccess: ADMIN_ACCESS_FOR_TESTS },
          apps: ARGOCD_APPS_FOR_TESTS,
          dns: { publicAliases: { [`field-${e.name}.example.org`]: 'field' } },
          ...(e.cloud === 'hetzner' ? { hetzner: { oidc: { issuerUrl, clientId } } } : {}),
        },
      ]),
    ),
  };
}

/**
 * The default environments as they are, and with everything a real deployment sets that changes what is
 * installed (DNS zones, published admin UIs, apps through Argo CD, mail): what the chart tests check.
 */
export function synthVariants(): SynthesizedVariant[] {
  return [
    { variant: 'defaults', env: {}, context: undefined },
    {
      variant: 'with existing DNS zones, admin UIs and Argo CD apps',
      env: withExistingDnsZones(),
      context: withAdminAccess(),
    },
  ].map(({ variant, env, context }) => {
    const environments = loadEnvironments({ env, context });
    return { variant, environments, ...synthEnvironments(environments) };
  });
}
