import { loadEnvironments } from '../../lib/config/load';
import { levelOf, podProblems } from '../support/pod-checks';
import { placementProblems } from '../support/placement';
import type { PodSpec, Toleration } from '../support/pods';
import { releasesOf, type SynthesizedRelease } from '../support/releases';
import { synthEnvironments } from '../support/synth';

/**
 * Pods no chart renders, which operators create at run time from settings the project writes: cert-manager's
 * HTTP-01 solver pods (from the ClusterIssuers), Velero's repository-maintenance Jobs (from its values) and
 * Argo workflow pods (from the controller's workflow defaults). Each is built here the way its operator builds
 * it, from the upstream source at the pinned version, and must run where and as the project requires.
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
