import { HelmAddOn } from '../helm-addon';

/**
 * Gateway API standard channel v1.5.1, the version Traefik 3.7 supports, from Envoy Gateway's CRD chart (the
 * Traefik chart stopped shipping Gateway API CRDs in May 2026); only its Gateway API part is switched on. The
 * CRDs are plain templates, so `helm upgrade` upgrades them; the chart also installs the Gateway API's own
 * `safe-upgrades` ValidatingAdmissionPolicy, which refuses experimental or older Gateway API CRDs later.
 */
export const GATEWAY_API_CRDS = {
  chart: 'gateway-crds-helm',
  repository: 'oci://docker.io/envoyproxy',
  version: 'v1.8.3',
  gatewayApiVersion: 'v1.5.1',
} as const;

/**
 * The Gateway API CRDs as a release of their own, before the ingress controller that serves them. Its
 * record lives in kube-system: CRDs are cluster-scoped and belong to no app.
 */
export class GatewayApiCrdsAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'gateway-api-crds',
      chart: GATEWAY_API_CRDS.chart,
      repository: GATEWAY_API_CRDS.repository,
      version: GATEWAY_API_CRDS.version,
      namespace: 'kube-system',
      manageNamespace: false,
      values: { crds: { gatewayAPI: { enabled: true, channel: 'standard' }, envoyGateway: { enabled: false } } },
    });
  }
}
