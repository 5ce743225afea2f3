import { loadEnvironments } from '../../lib/config/load';
import { levelOf, podProblems } from '../support/pod-checks';
import { placementProblems } from '../support/placement';
import type { PodSpec, Toleration } from '../support/pods';
import { releasesOf, type SynthesizedRelease } from '../support/releases';
import { synthEnvironments } from '../support/synth';

/**
 * Pods no chart renders, which operators create at run time from settings the project writes: cert-manager's
 * HTTP-01 solver pods (from the ClusterIssuers), Velero's repository-maintenance Jobs (from its values), Argo
 * workflow pods (from the controller's workflow defaults) and ScaleODM's task pods (from its values and Argo's).
 * Each is built here the way its operator builds it, from the upstream source at the pinned version, and must run where and as the project requires.
 */
const environments = loadEnvironments({ env: {} });
const { documents, stacks } = synthEnvironments(environments);

type Json = Record<string, unknown>;
const at = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), value);

function release(environment: string, name: string): SynthesizedRelease | undefined {
  return releasesOf(documents[`${environment}-apps`]).find((r) => r.name === name);
}

/**
 * cert-manager v1.21.1 (pkg/issuer/acme/http/pod.go): nodeSelector `kubernetes.io/os: linux` with the
 * podTemplate's merged over it, the podTemplate's tolerations, a non-root pod with RuntimeDefault seccomp, and
 * the acmesolver container read-only, without privilege escalation or capabilities, 10m/64Mi requested.
 */
function solverPod(podTemplateSpec: Json | undefined): PodSpec {
  return {
    nodeSelector: {
      'kubernetes.io/os': 'linux',
      ...((podTemplateSpec?.nodeSelector as Json | undefined) ?? {}),
    } as Record<string, string>,
    tolerations: (podTemplateSpec?.tolerations as Toleration[] | undefined) ?? [],
    affinity: podTemplateSpec?.affinity as Json | undefined,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'acmesolver',
        resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
        securityContext: {
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        },
      },
    ],
  };
}

/**
 * Velero v1.18.1 (pkg/repository/maintenance/maintenance.go): the Job copies the server Deployment's security
 * contexts, keeps of its tolerations only those for `CriticalAddonsOnly` and AKS spot, takes no nodeSelector,
 * its node affinity from `loadAffinity[0]` and its resources from `podResources` of the ConfigMap.
 */
function maintenancePod(values: Json): PodSpec {
  const global = at(values, 'configuration', 'repositoryMaintenanceJob', 'repositoryConfigData', 'global') as Json;
  const podResources = (global?.podResources as Record<string, string> | undefined) ?? {};
  const affinity = (global?.loadAffinity as Json[] | undefined)?.[0];
  const inherited = ((values.tolerations as Toleration[] | undefined) ?? []).filter((t) =>
    ['CriticalAddonsOnly', 'kubernetes.azure.com/scalesetpriority'].includes(t.key ?? ''),
  );
  return {
    tolerations: inherited,
    affinity: affinity
      ? {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [affinity.nodeSelector] },
          },
        }
      : undefined,
    containers: [
      {
        name: 'velero-repo-maintenance-container',
        resources: { requests: { cpu: podResources.cpuRequest, memory: podResources.memoryRequest } },
      },
    ],
  };
}

/**
 * Argo Workflows v4.0 (workflow/controller): a workflow pod takes `workflowDefaults.spec` placement and pod
 * securityContext, its `init` and `wait` containers the executor's securityContext and resources, its `main`
 * container the mainContainer securityContext (resources are the workflow template's own).
 */
function workflowPod(values: Json): PodSpec {
  const spec = at(values, 'controller', 'workflowDefaults', 'spec') as Json | undefined;
  const executor = (values.executor as Json | undefined) ?? {};
  const executorContainer = (name: string) => ({
    name,
    securityContext: executor.securityContext as PodSpec['securityContext'],
    resources: executor.resources as Json,
  });
  return {
    nodeSelector: spec?.nodeSelector as Record<string, string> | undefined,
    tolerations: spec?.tolerations as Toleration[] | undefined,
    securityContext: spec?.securityContext as PodSpec['securityContext'],
    initContainers: [executorContainer('init')],
    containers: [
      executorContainer('wait'),
      {
        name: 'main',
        securityContext: at(values, 'mainContainer', 'securityContext') as PodSpec['securityContext'],
        resources: { requests: { cpu: 'set by the workflow', memory: 'set by the workflow' } },
      },
    ],
  };
}

/** `k=v,k=v` of ScaleODM's `config.workflow.nodeSelector` (app/workflows/standard.go parseNodeSelector). */
function parseNodeSelector(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(',')
      .filter((pair) => pair.includes('='))
      .map((pair) => pair.split('=').map((part) => part.trim()) as [string, string]),
  );
}

/** `key=value:Effect;key:Effect` of `config.workflow.tolerations` (parseTolerations; no `=value` is Exists). */
function parseTolerations(text: string): Toleration[] {
  return text
    .split(';')
    .filter((entry) => entry.includes(':'))
    .map((entry) => {
      const [keyValue, effect] = entry.split(':');
      const [key, value] = keyValue.split('=');
      return value === undefined ? { key, operator: 'Exists', effect } : { key, operator: 'Equal', value, effect };
    });
}

/**
 * ScaleODM 1.1.1 (app/workflows/standard.go buildODMWorkflow): each task's `main` pod, in the app's namespace,
 * with the controller's workflow defaults under the Workflow's own placement (its nodeSelector keys win, its
 * tolerations replace the defaults' when it has any; Karpenter mode adds `karpenter.sh/capacity-type`), the
 * podSpecPatch's fsGroup and seccomp, and every ScaleODM container (download, process, upload) hard-coded as
 * uid 1000, read-only root, no privilege escalation, no capabilities, requests computed per task.
 */
function scaleOdmPod(argoValues: Json, scaleOdmValues: Json): PodSpec {
  const base = workflowPod(argoValues);
  const workflow = at(scaleOdmValues, 'config', 'workflow') as Json;
  const karpenter = workflow.schedulingMode === 'karpenter';
  const tolerations = parseTolerations(String(workflow.tolerations ?? ''));
  const restricted = {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const task = (name: string) => ({
    name,
    securityContext: restricted,
    resources: { requests: { cpu: 'per task', memory: 'per task' } },
  });
  return {
    ...base,
    nodeSelector: {
      ...(base.nodeSelector ?? {}),
      ...parseNodeSelector(String(workflow.nodeSelector ?? '')),
      ...(karpenter ? { 'karpenter.sh/capacity-type': String(workflow.capacityType) } : {}),
    },
    tolerations: tolerations.length > 0 ? tolerations : base.tolerations,
    // (and fsGroup 1000, which no check reads)
    securityContext: { ...base.securityContext, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      ...(base.containers ?? []).filter((c) => c.name !== 'main'),
      ...['download', 'process', 'upload'].map(task),
    ],
  };
}

describe('pods operators create at run time can run, secured and placed', () => {
  describe.each(environments.map((env) => env.name))('%s', (environment) => {
    const cluster = () => stacks[environment].cluster.description;
    const document = () => documents[`${environment}-apps`];

    it('cert-manager HTTP-01 solver pods', () => {
      const issuers = (release(environment, 'cluster-issuers')?.values.objects as Json[] | undefined) ?? [];
      const solvers = issuers.flatMap((issuer) => (at(issuer, 'spec', 'acme', 'solvers') as Json[] | undefined) ?? []);
      const http01 = solvers.filter((s) => s.http01);
      expect(http01.length).toBeGreaterThan(0);
      for (const solver of http01) {
        const pod = solverPod(at(solver, 'http01', 'ingress', 'podTemplate', 'spec') as Json | undefined);
        expect(podProblems(pod, {}, { placement: 'core' }, 'restricted', cluster())).toEqual([]);
      }
    });

    it('Velero repository-maintenance Jobs', () => {
      const velero = release(environment, 'velero');
      if (!velero) return;
      const pod = maintenancePod(velero.values);
      expect(placementProblems(pod, 'core', cluster().nodePools)).toEqual([]);
      expect(pod.containers?.[0].resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    });

    it("ScaleODM's task pods, on the worker pool of every cloud (Karpenter's capacity type where it provisions)", () => {
      const argo = release(environment, 'argo-workflows') as SynthesizedRelease;
      const scaleodm = release(environment, 'scaleodm') as SynthesizedRelease;
      const pod = scaleOdmPod(argo.values, scaleodm.values);
      const karpenter = cluster().capabilities.karpenter;
      // Karpenter labels the nodes it makes with their capacity type; no pool carries it before.
      const runtimeNodeLabels = karpenter ? { 'karpenter.sh/capacity-type': 'on-demand' } : undefined;
      expect(pod.nodeSelector?.['karpenter.sh/capacity-type']).toBe(karpenter ? 'on-demand' : undefined);
      expect(
        podProblems(pod, {}, { placement: 'worker', runtimeNodeLabels }, levelOf(document(), 'scaleodm'), cluster()),
      ).toEqual([]);
    });

    it('Argo workflow pods', () => {
      const workflows = release(environment, 'argo-workflows');
      expect(workflows).toBeDefined();
      const pod = workflowPod((workflows as SynthesizedRelease).values);
      // Workflows run in app namespaces, which enforce restricted.
      expect(
        podProblems(pod, {}, { placement: 'worker' }, levelOf(document(), 'any-app-namespace'), cluster()),
      ).toEqual([]);
    });
  });
});
