import type { ClusterDescription } from '../../contracts/cluster';
import { onCorePool, resources, RESTRICTED_CONTAINER, tolerationsFor } from '../common';
import { HelmAddOn } from '../helm-addon';

/** The argoexec image's user (init and wait containers of every workflow pod). */
const EXECUTOR_UID = 8737;

/**
 * One Argo Workflows for the cluster, shared by ScaleODM and the OpenAerialMap uploader (their charts can
 * bundle their own; they are installed with that turned off). The server is not exposed and authenticates
 * each request with the caller's Kubernetes token (`client` mode).
 *
 * - CRDs: the chart's minified ones, from its templates (upgraded with the release). The full ones come only
 *   through a hook Job that downloads them from GitHub at install time, so they are not used; the controller
 *   validates workflows itself on submission.
 * - The controller watches every namespace (a ClusterRole); an app that runs workflows creates the workflow
 *   ServiceAccount and RoleBinding in its own namespace, so none is made here for namespaces that may not exist.
 * - Workflow pods default to the `worker` pool with its tolerations, non-root with seccomp, executor containers
 *   restricted.
 */
export class ArgoWorkflowsAddOn extends HelmAddOn {
  constructor() {
    super({
      id: 'argo-workflows',
      chart: 'argo-workflows',
      repository: 'https://argoproj.github.io/argo-helm',
      version: '1.0.18',
      namespace: 'argo-workflows',
    });
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    const placement = onCorePool(cluster);
    const podSecurity = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
    const worker = cluster.nodePools.worker;
    return {
      crds: { install: true, full: false, keep: true },
      controller: {
        workflowNamespaces: [],
        podSecurityContext: podSecurity,
        securityContext: RESTRICTED_CONTAINER,
        resources: resources('100m', '256Mi'),
        workflowDefaults: {
          spec: {
            nodeSelector: { ...worker.labels },
            tolerations: tolerationsFor(worker),
            securityContext: podSecurity,
          },
        },
        ...placement,
      },
      executor: {
        securityContext: { ...RESTRICTED_CONTAINER, runAsUser: EXECUTOR_UID },
        resources: resources('10m', '64Mi', '256Mi'),
      },
      mainContainer: {
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
      server: {
        enabled: true,
        authModes: ['client'],
        podSecurityContext: podSecurity,
        securityContext: RESTRICTED_CONTAINER,
        resources: resources('50m', '128Mi'),
        ...placement,
      },
    };
  }
}
