import { Labels } from '@cdktf/provider-kubernetes/lib/labels';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { AddOn } from '../../contracts/addon';
import { POD_SECURITY_EXCEPTION_ANNOTATION, podSecurityLabels } from '../../core/namespace';
import { ObjectsRelease, type KubernetesObject } from '../../core/objects-release';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const POLICY = 'hot-namespace-pod-security';

/** The enforce label of `ref` (`object` or `oldObject`), or "" when it has none. */
const enforceOf = (ref: string) =>
  `((has(${ref}.metadata.labels) && '${ENFORCE}' in ${ref}.metadata.labels) ? ${ref}.metadata.labels['${ENFORCE}'] : '')`;

/**
 * The CEL of the policy, exported for tests. It applies when a namespace is created or its enforce label
 * changes, never to the cloud's own `kube-*` namespaces, so managed components updating theirs are untouched.
 */
export const NAMESPACE_POLICY_CEL = {
  applies: `!object.metadata.name.startsWith('kube-') && (request.operation == 'CREATE' || ${enforceOf('oldObject')} != ${enforceOf('object')})`,
  labelled: `${enforceOf('object')} in ['restricted', 'baseline', 'privileged']`,
  exceptionHasReason: `${enforceOf('object')} == 'restricted' || (has(object.metadata.annotations) && '${POD_SECURITY_EXCEPTION_ANNOTATION}' in object.metadata.annotations && size(object.metadata.annotations['${POD_SECURITY_EXCEPTION_ANNOTATION}']) >= 10)`,
} as const;

interface AdmissionObject extends KubernetesObject {
  readonly spec: Readonly<Record<string, unknown>>;
}

function namespacePolicy(): AdmissionObject[] {
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: POLICY },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['namespaces'] },
          ],
        },
        matchConditions: [{ name: 'created-or-relabelled', expression: NAMESPACE_POLICY_CEL.applies }],
        validations: [
          {
            expression: NAMESPACE_POLICY_CEL.labelled,
            message: `every namespace sets ${ENFORCE} (restricted, or baseline/privileged with a reason); label it, e.g. kubectl label namespace <name> ${ENFORCE}=restricted`,
          },
          {
            expression: NAMESPACE_POLICY_CEL.exceptionHasReason,
            message: `a namespace below restricted says why in its ${POD_SECURITY_EXCEPTION_ANNOTATION} annotation (a sentence)`,
          },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: POLICY },
      spec: { policyName: POLICY, validationActions: ['Deny'] },
    },
  ];
}

/**
 * Pod Security for every namespace, not only the project's: EKS and AKS let nobody change the API server's
 * admission configuration, so a ValidatingAdmissionPolicy refuses a namespace without an enforce level (or
 * below `restricted` without a reason), and `default`, which exists before any of this, is labelled restricted.
 */
export class PodSecurityAddOn implements AddOn {
  public readonly id = 'pod-security';

  public install(scope: Construct): readonly ITerraformDependable[] {
    new Labels(scope, 'default-namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
      labels: podSecurityLabels(undefined),
      force: true,
    });
    const policy = new ObjectsRelease(scope, 'namespace-policy', {
      releaseName: 'pod-security-policy',
      namespace: 'kube-system',
      objects: namespacePolicy(),
    });
    return [policy.release];
  }
}
