import type { StackDocument } from '../../lib/policies/types';
import type { FixturePair } from './fixtures';

/** Fixtures of the app rules (lib/policies/rules/apps.ts), shaped like the objects releases of an apps stack. */
export const APP_NAMES = {
  database: 'field-tm_database_objects_release_4C1D9E20',
  application: 'field-tm_application_release_7B3E5A11',
} as const;

type Json = Record<string, unknown>;

function objectsRelease(name: string, releaseName: string, namespace: string, objects: Json[], patch: Json = {}) {
  return {
    resource: {
      helm_release: {
        [name]: {
          atomic: true,
          chart: 'assets/objects-chart/ABC123/objects',
          cleanup_on_fail: true,
          create_namespace: false,
          name: releaseName,
          namespace,
          timeout: 600,
          values: [JSON.stringify({ objects })],
          version: '0.1.0',
          wait: true,
          ...patch,
        },
      },
    },
  } satisfies StackDocument;
}

const KEEP = { 'helm.sh/resource-policy': 'keep' };

function database({ scheduled }: { scheduled: boolean }): StackDocument {
  const objects: Json[] = [
    {
      apiVersion: 'barmancloud.cnpg.io/v1',
      kind: 'ObjectStore',
      metadata: { name: 'field-tm-db-backups', namespace: 'field-tm', annotations: KEEP },
      spec: { configuration: { destinationPath: 's3://hot-aws-prod-backups/cnpg/field-tm' } },
    },
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'field-tm-db', namespace: 'field-tm', annotations: KEEP },
      spec: {
        instances: 2,
        storage: { size: '20Gi', storageClass: 'standard' },
        plugins: [
          {
            name: 'barman-cloud.cloudnative-pg.io',
            isWALArchiver: true,
            parameters: { barmanObjectName: 'field-tm-db-backups' },
          },
        ],
      },
    },
  ];
  if (scheduled) {
    objects.push({
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'ScheduledBackup',
      metadata: { name: 'field-tm-db-daily', namespace: 'field-tm', annotations: KEEP },
      spec: { schedule: '0 0 3 * * *', cluster: { name: 'field-tm-db' }, method: 'plugin' },
    });
  }
  return objectsRelease(APP_NAMES.database, 'field-tm-database', 'field-tm', objects, {
    lifecycle: { prevent_destroy: true },
  });
}

function application(targetRevision: string): StackDocument {
  return objectsRelease(APP_NAMES.application, 'field-tm-application', 'argocd', [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'field-tm', namespace: 'argocd' },
      spec: {
        sourceRepos: ['oci://ghcr.io/hotosm/charts/field-tm'],
        destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'field-tm' }],
        clusterResourceWhitelist: [],
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'field-tm', namespace: 'argocd' },
      spec: {
        project: 'field-tm',
        source: { repoURL: 'oci://ghcr.io/hotosm/charts/field-tm', path: '.', targetRevision },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'field-tm' },
      },
    },
  ]);
}

export const APP_FIXTURES: Record<string, FixturePair> = {
  'HOT-DB-001': { pass: database({ scheduled: true }), fail: database({ scheduled: false }) },
  'HOT-ARGO-001': { pass: application('0.5.0'), fail: application('dev') },
};

export const APP_EXPECTED: Record<string, { readonly address: string; readonly reason: string }> = {
  'HOT-DB-001': {
    address: `helm_release.${APP_NAMES.database}`,
    reason: 'field-tm-db has no ScheduledBackup through the plugin',
  },
  'HOT-ARGO-001': {
    address: `helm_release.${APP_NAMES.application}`,
    reason: 'field-tm tracks dev, not an exact version or commit',
  },
};
