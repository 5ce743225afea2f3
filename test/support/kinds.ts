/** API groups every Kubernetes 1.35 API server serves without a CRD. */
export const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
]);

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** A kind served by a CRD, as `group/version/Kind`; undefined for built-in kinds. */
export function customKind(object: { readonly apiVersion: string; readonly kind: string }): string | undefined {
  return BUILT_IN_GROUPS.has(groupOf(object.apiVersion)) ? undefined : `${object.apiVersion}/${object.kind}`;
}
