import { auditPolicy } from '../../lib/hetzner/talos/patches';

interface Rule {
  readonly level: string;
  readonly verbs?: readonly string[];
  readonly resources?: readonly { readonly group: string; readonly resources: readonly string[] }[];
  readonly nonResourceURLs?: readonly string[];
}

/** The level the API server would log a resource request at: the first rule that matches wins. */
function levelOf(verb: string, group: string, resource: string): string {
  const rules = auditPolicy().rules as Rule[];
  const rule = rules.find(
    (r) =>
      r.nonResourceURLs === undefined &&
      (r.verbs === undefined || r.verbs.includes(verb)) &&
      (r.resources === undefined || r.resources.some((g) => g.group === group && g.resources.includes(resource))),
  );
  return rule?.level ?? 'None';
}

const BODY_LEVELS = ['Request', 'RequestResponse'];

describe('the Talos audit policy', () => {
  it.each([
    ['create', '', 'serviceaccounts/token'],
    ['get', '', 'secrets'],
    ['list', '', 'secrets'],
    ['update', '', 'secrets'],
    ['patch', '', 'configmaps'],
    ['create', 'authentication.k8s.io', 'tokenreviews'],
    ['create', '', 'pods'],
    ['patch', 'apps', 'deployments'],
    ['create', 'batch', 'cronjobs'],
    ['create', 'certificates.k8s.io', 'certificatesigningrequests'],
    ['create', 'argoproj.io', 'applications'],
    ['update', 'postgresql.cnpg.io', 'clusters'],
  ])('logs %s %s/%s at Metadata, never with its body', (verb, group, resource) => {
    expect(levelOf(verb, group, resource)).toBe('Metadata');
  });

  it.each([
    ['create', 'rbac.authorization.k8s.io', 'clusterrolebindings'],
    ['patch', 'rbac.authorization.k8s.io', 'roles'],
    ['delete', '', 'namespaces'],
    ['create', 'networking.k8s.io', 'networkpolicies'],
    ['update', 'admissionregistration.k8s.io', 'validatingwebhookconfigurations'],
  ])('keeps the full body of %s %s/%s, which holds no credential', (verb, group, resource) => {
    expect(levelOf(verb, group, resource)).toBe('RequestResponse');
  });

  it('logs bodies only in a rule that names its resources, after every credential-bearing one', () => {
    const rules = auditPolicy().rules as Rule[];
    const withBodies = rules.filter((r) => BODY_LEVELS.includes(r.level));
    expect(withBodies.length).toBeGreaterThan(0);
    for (const rule of withBodies) {
      expect(rule.resources?.length).toBeGreaterThan(0);
      expect(rule.verbs).not.toContain('get');
    }
    const credentials = rules.findIndex((r) => r.resources?.some((g) => g.resources.includes('serviceaccounts/token')));
    expect(credentials).toBeLessThan(rules.findIndex((r) => BODY_LEVELS.includes(r.level)));
  });

  it('skips the health probes and ends with Metadata for everything else', () => {
    const rules = auditPolicy().rules as Rule[];
    expect(rules[0]).toEqual({ level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version'] });
    expect(rules.at(-1)).toEqual({ level: 'Metadata' });
    expect(levelOf('get', '', 'nodes')).toBe('Metadata');
  });
});
