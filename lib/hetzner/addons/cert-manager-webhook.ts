import type { ClusterDescription } from '../../contracts/cluster';
import { WORKLOADS } from '../../contracts/workloads';
import { onCorePool, resources, RESTRICTED_CONTAINER } from '../../addons/common';
import { HelmAddOn } from '../../addons/helm-addon';
import { HETZNER_ACME_GROUP } from '../contract-values';
import { CERT_MANAGER_WEBHOOK_HETZNER } from '../versions';

export const CERT_MANAGER_WEBHOOK_HETZNER_ADDON_ID = 'cert-manager-webhook-hetzner';
/** The container's HTTPS port: the API server reaches the solver's APIService through it. */
const WEBHOOK_PORT = 8443;

/**
 * Hetzner's DNS-01 solver for cert-manager (there is no built-in one), after cert-manager: its serving
 * certificate is a cert-manager Certificate and cert-manager's ServiceAccount is granted its API group. Two
 * replicas with a PodDisruptionBudget: while its APIService is down, API discovery of the group fails and
 * namespace deletion stalls. The token it solves with is read from `cert-manager`'s namespace (the
 * ClusterIssuers' cluster resource namespace), put there by the cert-manager add-on.
 */
export class CertManagerWebhookHetznerAddOn extends HelmAddOn {
  constructor() {
    super({
      id: CERT_MANAGER_WEBHOOK_HETZNER_ADDON_ID,
      chart: CERT_MANAGER_WEBHOOK_HETZNER.chart,
      repository: CERT_MANAGER_WEBHOOK_HETZNER.repository,
      version: CERT_MANAGER_WEBHOOK_HETZNER.version,
      namespace: CERT_MANAGER_WEBHOOK_HETZNER_ADDON_ID,
      dependsOn: ['cert-manager'],
      // api.hetzner.cloud; the API server calls it as an aggregated API.
      network: { internet: true, webhookPorts: [WEBHOOK_PORT] },
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      groupName: HETZNER_ACME_GROUP,
      // The chart grants this ServiceAccount `create` on the solver's API group.
      certManager: {
        namespace: WORKLOADS['cert-manager'].namespace,
        serviceAccountName: WORKLOADS['cert-manager'].serviceAccount,
      },
      image: {
        repository: 'docker.io/hetzner/cert-manager-webhook-hetzner',
        tag: CERT_MANAGER_WEBHOOK_HETZNER.appVersion,
      },
      replicaCount: 2,
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      // The image's user (1000:1000, goreleaser ko) given by number, so the kubelet can check runAsNonRoot.
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containerSecurityContext: { ...RESTRICTED_CONTAINER },
      // Serving certificates come from flags, so nothing should be written; /tmp is there for Go's own use.
      extraVolumes: [{ name: 'tmp', emptyDir: { sizeLimit: '16Mi' } }],
      extraVolumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      resources: resources('20m', '64Mi', '128Mi'),
      ...onCorePool(cluster),
    };
  }
}
