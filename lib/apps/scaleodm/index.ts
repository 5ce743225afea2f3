import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { resources, RESTRICTED_CONTAINER, tolerationsFor } from '../../addons/common';
import type { AppsConfig } from '../config';
import type { NodePoolSelector } from '../../contracts/cluster';
import { type AppContext, HotApp, requiredStaticKeys } from '../hot-app';
import { appSecret } from '../secrets';

export const SCALEODM_NAMESPACE = 'scaleodm';
/** ScaleODM's NodeODM-compatible API inside the cluster. It has no authentication: it is never published. */
export const SCALEODM_API = `http://scaleodm.${SCALEODM_NAMESPACE}.svc.cluster.local:31100`;
/** The Secret the chart reads the database URL and the S3 keys from (`secrets.runtime.name`); its workflow pods too. */
const RUNTIME_SECRET = 'scaleodm-secrets';
/** The image's user (`USER nonroot`, uid 1000 in its /etc/passwd). */
const SCALEODM_UID = 1000;
/** The ServiceAccount of the workflow pods: ScaleODM 1.1.1 names it in code (app/workflows/standard.go). */
const WORKFLOW_SERVICE_ACCOUNT = 'argo-odm';

/** The chart's `k=v,k=v` and `key=value:Effect;...` forms of the contract's pool selector. */
function workflowPlacement(pool: NodePoolSelector): { nodeSelector: string; tolerations: string } {
  return {
    nodeSelector: Object.entries(pool.labels)
      .map(([key, value]) => `${key}=${value}`)
      .join(','),
    tolerations: tolerationsFor(pool)
      .map((t) => `${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`)
      .join(';'),
  };
}

/**
 * ScaleODM (`scaleodm` 1.1.1): OpenDroneMap as Argo Workflows, NodeODM-compatible, for DroneTM. Each task is
 * a Workflow in this namespace, run by the platform's shared Argo Workflows (the chart's own Argo, Postgres and
 * RustFS are off), on the `worker` pool: through Karpenter's capacity type where the contract says Karpenter
 * provisions workers (`schedulingMode: karpenter`, on-demand: a multi-hour job does not survive a spot
 * interruption), by the pool's labels and tolerations elsewhere (`generic`).
 *
 * - Its API has no authentication: only DroneTM's namespace may reach it, and it is not published (its
 *   read-only UI neither: the chart's Ingress has no way to put SSO in front of it).
 * - S3 with static keys on every cloud (its clients take nothing else), in one Secret with the database URL;
 *   tasks may name only the contract's endpoint (`s3EndpointPolicy`).
 * - Pod Security `restricted`: the API (uid 1000, read-only root) and every workflow container, which
 *   ScaleODM runs as uid 1000 with a read-only root and writable work volumes.
 */
export class ScaleOdmApp extends HotApp {
  constructor(settings: AppsConfig) {
    super(
      {
        id: 'scaleodm',
        project: 'drone-tm',
        tool: 'scaleodm',
        chart: { kind: 'registry', repository: 'oci://ghcr.io/hotosm/charts', chart: 'scaleodm', version: '1.1.1' },
        database: { postgresMajor: 17, name: 'scaleodm', owner: 'scaleodm', extensions: [], sizeGiB: 10 },
        workload: 'scaleodm',
        // DroneTM submits tasks; ScaleODM calls DroneTM's webhook back when one ends.
        network: { fromNamespaces: ['drone-tm'], toNamespaces: ['drone-tm'] },
        // An ODM job holds about 20 GiB for 40 images: room for a few at once, and their workspaces.
        quota: { requestsCpu: '32', requestsMemoryGiB: 96, limitsMemoryGiB: 160, storageGiB: 2000, pods: 100 },
        dependsOn: ['argo-workflows'],
      },
      settings,
    );
  }

  protected override beforeRelease(scope: Construct, context: AppContext): ITerraformDependable[] {
    const database = context.database;
    if (!database) return [];
    const keys = requiredStaticKeys(context, 'scaleodm', 'ScaleODM 1.1.1');
    return [
      appSecret(scope, 'runtime', context, {
        name: RUNTIME_SECRET,
        data: {
          SCALEODM_DATABASE_URL: database.url(),
          AWS_S3_ENDPOINT: context.objectStorage?.endpoint ?? '',
          AWS_ACCESS_KEY_ID: keys.accessKeyId,
          AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
        },
      }),
    ];
  }

  protected values(context: AppContext): Record<string, unknown> {
    const worker = context.cluster.nodePools.worker;
    const karpenter = context.cluster.capabilities.karpenter;
    const store = context.objectStorage;
    return {
      api: {
        image: { repository: 'ghcr.io/hotosm/scaleodm', tag: '1.1.1' },
        replicaCount: context.replicas,
        resources: resources('100m', '256Mi', '512Mi'),
        podSecurityContext: {
          runAsNonRoot: true,
          runAsUser: SCALEODM_UID,
          runAsGroup: SCALEODM_UID,
          fsGroup: SCALEODM_UID,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        securityContext: { ...RESTRICTED_CONTAINER, runAsUser: SCALEODM_UID, runAsGroup: SCALEODM_UID },
        ...context.placement,
      },
      secrets: { runtime: { name: RUNTIME_SECRET } },
      database: { postgres: { enabled: false } },
      s3: { external: { enabled: true }, rustfs: { enabled: false } },
      kubernetes: {
        serviceAccount: { create: true, name: store?.serviceAccount.name ?? 'scaleodm' },
        workflowServiceAccount: { create: true, name: WORKFLOW_SERVICE_ACCOUNT },
        rbac: { create: true },
      },
      workspaceStorageClass: { create: false },
      config: {
        odmImage: 'ghcr.io/hotosm/odm:3.6.1',
        // Only the contract's store: a task naming another endpoint is refused.
        s3EndpointPolicy: { enforceAllowlist: true, allowedEndpoints: store?.endpoint ?? '' },
        ui: { enabled: true, readOnly: true },
        workflow: {
          schedulingMode: karpenter ? 'karpenter' : 'generic',
          ...workflowPlacement(worker),
          capacityType: 'on-demand',
          doNotDisrupt: true,
          workspace: { mode: 'pvc', storageClass: 'ephemeral', accessMode: 'ReadWriteOnce' },
        },
        processSizing: { swapRatio: 0 },
      },
      // The platform's Argo Workflows runs every workflow; with its own off the chart must not write a
      // controller ConfigMap into a namespace `argo` either (it would, for any parallelism but 0).
      argo: { enabled: false, controller: { parallelism: 0 } },
      ingress: { enabled: false },
    };
  }
}
