import type { ClusterDescription } from '../../contracts/cluster';
import { WORKLOADS } from '../../contracts/workloads';
import { onCorePool, resources } from '../common';
import { HelmAddOn } from '../helm-addon';

/** The namespaces whose workflows the shared controller runs: ScaleODM jobs and the OAM uploader pipeline. */
export const WORKFLOW_NAMESPACES = [WORKLOADS.scaleodm.namespace, WORKLOADS.openaerialmap.namespace];

/**
 * One Argo Workflows for the cluster, shared by ScaleODM and the OpenAerialMap uploader (their charts can
 * bundle their own; they are installed with that turned off). The server is not exposed and authenticates
 * each request with the caller's Kubernetes token (`client` mode).
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
    return {
      controller: {
        workflowNamespaces: WORKFLOW_NAMESPACES,
        resources: resources('100m', '256Mi'),
        ...placement,
      },
      server: { enabled: true, authModes: ['client'], resources: resources('50m', '128Mi'), ...placement },
    };
  }
}
