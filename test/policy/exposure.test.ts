import { evaluatePolicies } from '../../lib/policies/engine';
import { exposureRules } from '../../lib/policies/rules/exposure';
import type { StackDocument } from '../../lib/policies/types';
import { publishing } from './fixtures-kubernetes';

const check = (document: StackDocument) =>
  evaluatePolicies('aws-prod-apps', document, exposureRules).map((v) => `${v.address}: ${v.reason}`);

describe('HOT-ING-001: what is published to the internet is declared with its guard', () => {
  it('accepts a host behind an allow-list, and one without authentication that says why', () => {
    expect(check(publishing('grafana.hotosm.org', ['allow-list']))).toEqual([]);
    expect(check(publishing('tiles.hotosm.org', [], 'Public map tiles, read-only, no user data.'))).toEqual([]);
  });

  it('refuses a declared host with no guard and no reason, on the output', () => {
    expect(check(publishing('scaleodm.hotosm.org', []))).toEqual([
      'output.published-hosts: scaleodm.hotosm.org: published with no authentication and no reason; put it behind SSO or an allow-list, or give unauthenticatedReason',
    ]);
    expect(check(publishing('scaleodm.hotosm.org', [], 'because'))).toHaveLength(1);
  });

  it('finds hosts in every ingress block of the values and in Ingress resources', () => {
    const values = JSON.stringify({
      grafana: { ingress: { enabled: true, hosts: ['grafana.hotosm.org'] } },
      api: { ingress: { enabled: true, hosts: [{ host: 'api.hotosm.org', paths: ['/'] }] } },
      off: { ingress: { enabled: false, hosts: ['off.hotosm.org'] } },
    });
    const document: StackDocument = {
      resource: {
        helm_release: { app: { name: 'app', namespace: 'app', values: [values] } },
        kubernetes_ingress_v1: { web: { spec: [{ rule: [{ host: 'web.hotosm.org' }] }] } },
      },
    };
    expect(check(document)).toEqual([
      'helm_release.app: publishes grafana.hotosm.org, api.hotosm.org through an Ingress or route without declaring what guards it; declare it with publishHost()',
      'kubernetes_ingress_v1.web: publishes web.hotosm.org through an Ingress or route without declaring what guards it; declare it with publishHost()',
    ]);
  });
  it('finds hosts of Gateway API routes too: in chart values, in objects the project delivers, in Traefik IngressRoutes', () => {
    const chart = JSON.stringify({
      grafana: { route: { main: { enabled: true, hostnames: ['grafana.hotosm.org'] } } },
      server: { httproute: { enabled: false, hostnames: ['off.hotosm.org'] } },
    });
    const objects = JSON.stringify({
      objects: [
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', spec: { hostnames: ['odm.hotosm.org'] } },
        {
          apiVersion: 'traefik.io/v1alpha1',
          kind: 'IngressRoute',
          spec: { routes: [{ match: 'Host(`tiles.hotosm.org`) && PathPrefix(`/`)' }] },
        },
        { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', spec: { dnsNames: ['*.hotosm.org'] } },
      ],
    });
    const document: StackDocument = {
      resource: {
        helm_release: {
          chart: { name: 'chart', namespace: 'monitoring', values: [chart] },
          objects: { name: 'objects', namespace: 'apps', values: [objects] },
        },
      },
    };
    expect(check(document)).toEqual([
      'helm_release.chart: publishes grafana.hotosm.org through an Ingress or route without declaring what guards it; declare it with publishHost()',
      'helm_release.objects: publishes odm.hotosm.org, tiles.hotosm.org through an Ingress or route without declaring what guards it; declare it with publishHost()',
    ]);
  });
});
