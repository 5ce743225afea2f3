import { EXACT_CHART_VERSION } from '../../core/helm';
import { block, deliveredObjects, lifecycleOf, ofKind, truthy } from '../read';
import type { PolicyRule } from '../types';

type Json = Record<string, unknown>;

const nameOf = (object: Json) => String(block(object.metadata)?.name);
const keptOnUninstall = (object: Json) =>
  (block(block(object.metadata)?.annotations) ?? {})['helm.sh/resource-policy'] === 'keep';

/** What a database needs to survive: archived WAL, a scheduled base backup, kept objects, a kept release. */
function databaseProblems(config: Readonly<Json>): string | undefined {
  const objects = deliveredObjects(config);
  const clusters = ofKind(objects, 'postgresql.cnpg.io', 'Cluster');
  if (clusters.length === 0) return undefined;
  const problems: string[] = [];
  if (!truthy(lifecycleOf(config).prevent_destroy)) problems.push('the release needs lifecycle.prevent_destroy');
  const scheduled = ofKind(objects, 'postgresql.cnpg.io', 'ScheduledBackup');
  const stores = new Set(ofKind(objects, 'barmancloud.cnpg.io', 'ObjectStore').map(nameOf));
  for (const cluster of clusters) {
    const name = nameOf(cluster);
    const spec = block(cluster.spec) ?? {};
    const archiver = (Array.isArray(spec.plugins) ? (spec.plugins as Json[]) : []).find(
      (p) => p.name === 'barman-cloud.cloudnative-pg.io' && p.isWALArchiver === true,
    );
    const store = block(archiver?.parameters)?.barmanObjectName;
    if (!archiver) problems.push(`${name} archives no WAL through the Barman Cloud plugin`);
    else if (!stores.has(String(store)))
      problems.push(`${name} archives to ObjectStore ${String(store)}, not delivered with it`);
    if (!scheduled.some((b) => block(block(b.spec)?.cluster)?.name === name && block(b.spec)?.method === 'plugin')) {
      problems.push(`${name} has no ScheduledBackup through the plugin`);
    }
    if (block(spec.storage)?.storageClass !== 'standard')
      problems.push(`${name} is not on the standard (Retain) class`);
    if (!keptOnUninstall(cluster)) problems.push(`${name} lacks helm.sh/resource-policy: keep`);
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}

const COMMIT = /^[0-9a-f]{40}$/;

/** An Application must pin what it installs and stay inside the namespace its own project allows. */
function applicationProblems(config: Readonly<Json>): string | undefined {
  const objects = deliveredObjects(config);
  const projects = new Map(ofKind(objects, 'argoproj.io', 'AppProject').map((p) => [nameOf(p), block(p.spec) ?? {}]));
  const problems: string[] = [];
  for (const app of ofKind(objects, 'argoproj.io', 'Application')) {
    const name = nameOf(app);
    const spec = block(app.spec) ?? {};
    const source = block(spec.source) ?? {};
    const revision = String(source.targetRevision);
    const pinned =
      source.chart !== undefined || String(source.repoURL).startsWith('oci://') ? EXACT_CHART_VERSION : COMMIT;
    if (!pinned.test(revision)) problems.push(`${name} tracks ${revision}, not an exact version or commit`);
    const project = projects.get(String(spec.project));
    const namespace = block(spec.destination)?.namespace;
    if (!project) {
      problems.push(`${name} is in project ${String(spec.project)}, which is not delivered with it (never "default")`);
      continue;
    }
    const destinations = Array.isArray(project.destinations) ? (project.destinations as Json[]) : [];
    if (destinations.length !== 1 || destinations[0].namespace !== namespace) {
      problems.push(`${name}'s project must allow exactly its namespace ${String(namespace)}`);
    }
    const clusterScoped = Array.isArray(project.clusterResourceWhitelist) ? project.clusterResourceWhitelist : [1];
    if (clusterScoped.length > 0) problems.push(`${name}'s project may create cluster-scoped objects`);
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}

export const appRules: PolicyRule[] = [
  {
    id: 'HOT-DB-001',
    title:
      'Every CloudNativePG database archives WAL and takes scheduled base backups through Barman Cloud, on the Retain class, and survives an uninstall or destroy',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) => databaseProblems(config),
  },
  {
    id: 'HOT-ARGO-001',
    title:
      'Every Argo CD Application pins its chart version or commit and is confined by its own project to one namespace, with no cluster-scoped objects',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) => applicationProblems(config),
  },
];
