import { aliasObjectName } from '../../lib/addons/public-aliases';
import { loadEnvironments } from '../../lib/config/load';
import { isRegistrableDomain } from '../../lib/config/clouds/hetzner';
import { DNS_API_TOKEN_SECRET } from '../../lib/contracts/cluster';
import { ZONE_DELEGATION_OUTPUT } from '../../lib/core/dns-zone';
import { HETZNER_ACME_GROUP } from '../../lib/hetzner/contract-values';
import { evaluatePolicies } from '../../lib/policies/engine';
import { stateRules } from '../../lib/policies/rules/state';
import type { StackDocument } from '../../lib/policies/types';
import { hotErrorMessage } from '../support/errors';
import { releasesOf } from '../support/releases';
import { synthEnvironments, withExistingDnsZones, HETZNER_DR_ALONE } from '../support/synth';

type Block = Record<string, unknown>;

const defaults = loadEnvironments({ env: {} });
const { documents, stacks } = synthEnvironments(defaults);
const existing = synthEnvironments(loadEnvironments({ env: withExistingDnsZones() })).documents;

const ZONE_TYPE = { aws: 'aws_route53_zone', azure: 'azurerm_dns_zone', hetzner: 'hcloud_zone' } as const;

function zoneOf(doc: StackDocument, type: string): [string, Block] {
  const entries = Object.entries(doc.resource?.[type] ?? {});
  expect(entries).toHaveLength(1);
  return entries[0] as [string, Block];
}

function release(doc: StackDocument, name: string) {
  const found = releasesOf(doc).find((r) => r.name === name);
  expect(found).toBeDefined();
  return found as NonNullable<typeof found>;
}

const issuerSolvers = (doc: StackDocument) => {
  const objects = (release(doc, 'cluster-issuers').values.objects ?? []) as { spec: { acme: { solvers: Block[] } } }[];
  return objects.map((issuer) => issuer.spec.acme.solvers);
};

describe('a DNS zone per environment', () => {
  it.each(defaults.map((e) => [e.name, e] as const))('%s creates its zone, protected from destroy', (name, env) => {
    const doc = documents[name];
    const [address, zone] = zoneOf(doc, ZONE_TYPE[env.cloud]);
    expect(zone.name).toBe(env.dns.baseDomain);
    expect(zone.lifecycle).toEqual({ prevent_destroy: true });
    if (env.cloud === 'aws') expect(zone.force_destroy).toBe(false);
    if (env.cloud === 'hetzner') {
      expect(zone).toMatchObject({ mode: 'primary', delete_protection: true, provider: 'hcloud.hcloud-dns' });
    }
    const nameServers = {
      aws: `\${aws_route53_zone.${address}.name_servers}`,
      azure: `\${tolist(azurerm_dns_zone.${address}.name_servers)}`,
      hetzner: `\${hcloud_zone.${address}.authoritative_nameservers.assigned}`,
    }[env.cloud];
    expect(doc.output?.[ZONE_DELEGATION_OUTPUT]?.value).toEqual({
      zone: env.dns.baseDomain,
      name_servers: nameServers,
    });
  });

  it('names every environment zone distinctly, each under its own domain', () => {
    expect(defaults.map((e) => e.dns.baseDomain)).toEqual([
      'aws-prod.k8s.hotosm.org',
      'azure-staging.k8s.hotosm.org',
      'hotosm-dr.org',
    ]);
  });

  it.each(defaults.map((e) => [e.name, e] as const))(
    '%s takes an existing zone by dns.zoneId instead: no zone, no delegation output',
    (name, env) => {
      expect(existing[name].resource?.[ZONE_TYPE[env.cloud]]).toBeUndefined();
      expect(existing[name].output?.[ZONE_DELEGATION_OUTPUT]).toBeUndefined();
      expect(existing[name].variable?.hcloud_dns_token).toBeUndefined();
    },
  );

  it.each(Object.entries(ZONE_TYPE))('HOT-STATE-001 refuses an unprotected %s zone (%s)', (_cloud, type) => {
    const zone = (lifecycle?: Block): StackDocument => ({
      resource: { [type]: { zone: { name: 'example.org', ...(lifecycle ? { lifecycle } : {}) } } },
    });
    expect(evaluatePolicies('fixture', zone({ prevent_destroy: true }), stateRules)).toEqual([]);
    expect(evaluatePolicies('fixture', zone(), stateRules).map((v) => [v.ruleId, v.address, v.reason])).toEqual([
      ['HOT-STATE-001', `${type}.zone`, 'lifecycle.prevent_destroy must be true'],
    ]);
  });

  it('refuses a Hetzner zone that is a subdomain, which Hetzner Cloud DNS cannot host, in one line', () => {
    const hetzner = HETZNER_DR_ALONE;
    expect(
      hotErrorMessage(() =>
        loadEnvironments({ env: { HOT_HETZNER_DR_BASE_DOMAIN: 'hetzner-dr.k8s.hotosm.org' }, defaults: [hetzner] }),
      ),
    ).toBe(
      'HOT_HETZNER_DR_BASE_DOMAIN = "hetzner-dr.k8s.hotosm.org": is a subdomain, and Hetzner Cloud DNS hosts only registrable domains ("Subzones are not supported"); use a domain of the environment\'s own (e.g. "hotosm-dr.org"), or set dns.zoneId to the Hetzner zone it lies in',
    );
    // Inside an existing zone taken by id, any name of it will do.
    const [inZone] = loadEnvironments({
      env: { HOT_HETZNER_DR_BASE_DOMAIN: 'dr.hotosm.dev', HOT_HETZNER_DR_DNS_ZONE_ID: '123456' },
      defaults: [hetzner],
    });
    expect(inZone.dns.baseDomain).toBe('dr.hotosm.dev');
  });

  it.each([
    ['hotosm-dr.org', true],
    ['hotosm.co.uk', true],
    ['hetzner-dr.k8s.hotosm.org', false],
    ['dr.hotosm.de', false],
  ])('treats %s as registrable: %s', (domain, registrable) => {
    expect(isRegistrableDomain(domain)).toBe(registrable);
  });
});

describe('DNS identities scoped to the zone alone', () => {
  it('aws-prod: Route 53 record changes only in its zone; only zone listing is account-wide (AWS cannot scope it)', () => {
    const doc = documents['aws-prod'];
    const [zone] = zoneOf(doc, 'aws_route53_zone');
    const zoneArn = `arn:aws:route53:::hostedzone/\${aws_route53_zone.${zone}.zone_id}`;
    const statements = Object.values(doc.data?.aws_iam_policy_document ?? {}).flatMap(
      (d) => (d.statement as Block[] | undefined) ?? [],
    );
    const route53 = statements.filter((s) => (s.actions as string[]).some((a) => a.startsWith('route53:')));
    expect(route53.length).toBeGreaterThan(0);
    for (const statement of route53) {
      const wildcard = (statement.resources as string[]).some((r) => r === '*');
      if (wildcard) {
        expect(statement.actions).toEqual(
          expect.arrayContaining([expect.stringMatching(/^route53:ListHostedZones(ByName)?$/)]),
        );
        expect((statement.actions as string[]).every((a) => /^route53:ListHostedZones(ByName)?$/.test(a))).toBe(true);
      } else {
        expect(
          (statement.resources as string[]).every((r) => r === zoneArn || r.startsWith('arn:aws:route53:::change/')),
        ).toBe(true);
      }
    }
  });

  it('azure-staging: DNS Zone Contributor on its zone only, for external-dns and cert-manager', () => {
    const doc = documents['azure-staging'];
    const [zone] = zoneOf(doc, 'azurerm_dns_zone');
    const roles = Object.values(doc.resource?.azurerm_role_assignment ?? {}).filter(
      (r) => r.role_definition_name === 'DNS Zone Contributor',
    );
    expect(roles.map((r) => r.scope)).toEqual([`\${azurerm_dns_zone.${zone}.id}`, `\${azurerm_dns_zone.${zone}.id}`]);
  });

  it("hetzner-dr: the zone is made in a project of its own, whose tokens reach only DNS; the cluster's never", () => {
    const doc = documents['hetzner-dr'];
    const providers = doc.provider?.hcloud as Block[];
    expect(providers).toEqual([
      { token: '${var.hcloud_token}' },
      { alias: 'hcloud-dns', token: '${var.hcloud_dns_token}' },
    ]);
    const apps = documents['hetzner-dr-apps'];
    expect(apps.variable?.hcloud_dns_cluster_token).toMatchObject({ sensitive: true, nullable: false });
    const secrets = Object.values(apps.resource?.kubernetes_secret_v1 ?? {}).filter(
      (s) => (s.metadata as Block).name === DNS_API_TOKEN_SECRET.name,
    );
    expect(secrets.map((s) => [(s.metadata as Block).namespace, s.data])).toEqual([
      ['cert-manager', { token: '${var.hcloud_dns_cluster_token}' }],
      ['external-dns', { token: '${var.hcloud_dns_cluster_token}' }],
    ]);
  });
});

describe('external-dns and DNS-01 on every default environment', () => {
  it.each(defaults.map((e) => [e.name, e] as const))('%s-apps runs external-dns on its zone only', (name, env) => {
    const values = release(documents[`${name}-apps`], 'external-dns').values;
    expect(values).toMatchObject({
      txtOwnerId: name,
      domainFilters: [env.dns.baseDomain],
      policy: 'upsert-only',
      registry: 'txt',
    });
  });

  it('gives each environment its own TXT owner id, so two never take over each other’s records', () => {
    const owners = defaults.map((e) => release(documents[`${e.name}-apps`], 'external-dns').values.txtOwnerId);
    expect(new Set(owners).size).toBe(defaults.length);
  });

  it.each(defaults.map((e) => [e.name, e] as const))(
    '%s-apps solves DNS-01 for its zone, HTTP-01 for every other name, and serves the wildcard certificate',
    (name, env) => {
      for (const solvers of issuerSolvers(documents[`${name}-apps`])) {
        expect(solvers).toHaveLength(2);
        expect(solvers[0].selector).toEqual({ dnsZones: [env.dns.baseDomain] });
        expect(Object.keys(solvers[0].dns01 as Block)).toEqual([
          { aws: 'route53', azure: 'azureDNS', hetzner: 'webhook' }[env.cloud],
        ]);
        expect(solvers[1]).toHaveProperty('http01');
      }
      expect(release(documents[`${name}-apps`], 'gateway-tls')).toBeDefined();
    },
  );

  it('warns about no DNS, no Gateway and no external-dns at synth on any default environment', () => {
    for (const env of defaults) {
      const notes = stacks[env.name].apps.node.metadata.map((m) => String(m.data));
      expect(notes.filter((n) => /external-dns|DNS-01|dns\.zoneId/.test(n))).toEqual([]);
    }
  });

  it("hetzner-dr-apps: Hetzner's webhook provider beside external-dns, and the solver webhook after cert-manager", () => {
    const apps = documents['hetzner-dr-apps'];
    const externalDns = release(apps, 'external-dns').values as { provider: { name: string; webhook: Block } };
    expect(externalDns.provider.name).toBe('webhook');
    expect(externalDns.provider.webhook).toMatchObject({
      image: { repository: 'docker.io/hetzner/external-dns-hetzner-webhook', tag: 'v0.3.4' },
      env: [{ name: 'HETZNER_TOKEN', valueFrom: { secretKeyRef: { ...DNS_API_TOKEN_SECRET } } }],
    });
    const webhook = release(apps, 'cert-manager-webhook-hetzner');
    expect(webhook).toMatchObject({
      repository: 'https://charts.hetzner.cloud',
      version: '0.9.0',
      namespace: 'cert-manager-webhook-hetzner',
    });
    expect(webhook.values).toMatchObject({
      groupName: HETZNER_ACME_GROUP,
      certManager: { namespace: 'cert-manager', serviceAccountName: 'cert-manager' },
    });
    const block = apps.resource?.helm_release?.[webhook.address.replace('helm_release.', '')] as Block;
    expect(block.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^helm_release\.cert-manager_release_/)]),
    );
    for (const solvers of issuerSolvers(apps)) {
      expect(solvers[0].dns01).toEqual({
        webhook: {
          groupName: HETZNER_ACME_GROUP,
          solverName: 'hetzner',
          config: { tokenSecretKeyRef: { ...DNS_API_TOKEN_SECRET } },
        },
      });
    }
  });
});

describe('public aliases, one owner at a time', () => {
  const withAlias = (env: string, alias: string, service = 'field') => ({
    environments: { [env]: { dns: { publicAliases: { [alias]: service } } } },
  });

  it('refuses two environments claiming one alias, in one line', () => {
    const context = {
      environments: {
        'aws-prod': { dns: { publicAliases: { 'field.hotosm.org': 'field' } } },
        'hetzner-dr': { dns: { publicAliases: { 'field.hotosm.org': 'field' } } },
      },
    };
    expect(hotErrorMessage(() => loadEnvironments({ env: {}, context }))).toBe(
      'context hot.environments.hetzner-dr.dns.publicAliases.field.hotosm.org = "field": is also claimed by aws-prod; an alias has one owner at a time, remove it from one of them (a failover moves it)',
    );
  });

  it('refuses an alias inside the environment’s own zone', () => {
    expect(
      hotErrorMessage(() =>
        loadEnvironments({ env: {}, context: withAlias('aws-prod', 'tm.aws-prod.k8s.hotosm.org') }),
      ),
    ).toBe(
      'context hot.environments.aws-prod.dns.publicAliases.tm.aws-prod.k8s.hotosm.org = "field": is inside the environment\'s own zone aws-prod.k8s.hotosm.org; an alias is a name outside it (e.g. "tasks.hotosm.org"), services inside it need none',
    );
  });

  it('refuses an alias to a service the environment does not publish, listing those it does', () => {
    const [aws] = loadEnvironments({ env: {}, context: withAlias('aws-prod', 'tasks.hotosm.org', 'tasks') });
    expect(hotErrorMessage(() => synthEnvironments([aws]))).toBe(
      'environments.aws-prod.dns.publicAliases["tasks.hotosm.org"] = "tasks": is not a service aws-prod publishes; use one of drone, field, imagery, login, odk, sandbox, tasks-api',
    );
  });

  const [owner] = loadEnvironments({ env: {}, context: withAlias('aws-prod', 'field.hotosm.org') });
  const ownerApps = synthEnvironments([owner]).documents['aws-prod-apps'];
  const objects = (release(ownerApps, 'public-aliases').values.objects ?? []) as {
    kind: string;
    metadata: { name: string; namespace: string };
    spec: Block;
  }[];

  it('serves the alias in the owner: a certificate by HTTP-01 and a temporary redirect to the service’s own name', () => {
    const name = aliasObjectName('field.hotosm.org');
    expect(objects.map((o) => [o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
      ['Certificate', name, 'ingress'],
      ['Middleware', name, 'ingress'],
      ['IngressRoute', name, 'ingress'],
    ]);
    expect(objects[0].spec).toMatchObject({ dnsNames: ['field.hotosm.org'], secretName: name });
    expect(objects[1].spec).toEqual({
      redirectRegex: {
        regex: '^https?://field\\.hotosm\\.org(.*)$',
        replacement: 'https://field.aws-prod.k8s.hotosm.org$1',
        permanent: false,
      },
    });
    expect(objects[2].spec).toMatchObject({
      entryPoints: ['websecure'],
      routes: [{ match: 'Host(`field.hotosm.org`)', middlewares: [{ name }] }],
      tls: { secretName: name },
    });
    // The alias lies outside the zone the DNS-01 solver may write, so HTTP-01 proves it.
    const [dns01] = issuerSolvers(ownerApps)[0];
    expect((dns01.selector as Block).dnsZones).not.toContain('hotosm.org');
  });

  it('declares the alias as published and outputs the CNAME the organisation zone needs', () => {
    const hosts = ownerApps.output?.['published-hosts']?.value as { host: string; guards: string[] }[];
    expect(hosts.find((h) => h.host === 'field.hotosm.org')).toEqual({
      host: 'field.hotosm.org',
      service: 'ingress/noop@internal',
      guards: [],
      unauthenticated_reason: 'a redirect to https://field.aws-prod.k8s.hotosm.org, which keeps its own guards',
    });
    expect(ownerApps.output?.['public-aliases']?.value).toEqual([
      { name: 'field.hotosm.org', type: 'CNAME', value: 'field.aws-prod.k8s.hotosm.org' },
    ]);
  });

  it('moves with one setting: the environment without it serves and outputs nothing for it', () => {
    expect(releasesOf(documents['aws-prod-apps']).find((r) => r.name === 'public-aliases')).toBeUndefined();
    expect(documents['aws-prod-apps'].output?.['public-aliases']).toBeUndefined();
  });
});
