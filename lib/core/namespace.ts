import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import type { NetworkDescription } from '../contracts/cluster';
import { HotError } from './errors';
import { NamespaceNetworkPolicies, type NetworkAllowances } from './namespace-network';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** A namespace that may not run at `restricted` says why, in one reviewable place. */
export interface PodSecurityException {
  readonly level: Exclude<PodSecurityLevel, 'restricted'>;
  readonly reason: string;
}

export interface HotNamespaceProps {
  readonly name: string;
  /** Cost-tracking labels, e.g. `{ project: 'field-tm', tool: 'odk-central' }`. @default {} */
  readonly costLabels?: Readonly<Record<string, string>>;
  /** Run below `restricted`, with a reason. @default undefined (restricted) */
  readonly podSecurityException?: PodSecurityException;
  /**
   * Default-deny NetworkPolicies with these allowances, at the cluster's addresses. @default undefined (no
   * policies: the caller writes its own, as TenantNamespace does)
   */
  readonly network?: { readonly allowances: NetworkAllowances; readonly description: NetworkDescription };
}

export const POD_SECURITY_EXCEPTION_ANNOTATION = 'hotosm.org/pod-security-exception';

/** Enforce the level (restricted unless excepted); audit and warn stay `restricted`. */
export function podSecurityLabels(exception: PodSecurityException | undefined): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': exception?.level ?? 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const RESERVED = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * The namespace convention: Pod Security `restricted` enforced (audit and warn always `restricted`, so an
 * exception still reports what it lets through), the project label, and cost labels for OpenCost.
 */
export class HotNamespace extends Construct {
  public readonly name: string;
  public readonly namespace: NamespaceV1;
  /** The namespace and its NetworkPolicies: what a release in it waits for, so its pods start isolated. */
  public readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: HotNamespaceProps) {
    super(scope, id);
    if (!DNS_LABEL.test(props.name) || RESERVED.has(props.name)) {
      throw new HotError({
        setting: `namespace ${id}.name`,
        value: props.name,
        fix: 'must be a DNS label (a-z, 0-9, -; at most 63) and not a Kubernetes system namespace',
      });
    }
    const exception = props.podSecurityException;
    if (exception && exception.reason.trim().length < 10) {
      throw new HotError({
        setting: `namespace ${props.name}.podSecurityException.reason`,
        value: exception.reason,
        fix: 'must say why the namespace cannot run restricted, in a sentence a reviewer can judge',
      });
    }
    this.name = props.name;
    this.namespace = new NamespaceV1(this, 'namespace', {
      metadata: {
        name: props.name,
        labels: { ...props.costLabels, 'app.kubernetes.io/part-of': 'hot', ...podSecurityLabels(exception) },
        annotations: exception ? { [POD_SECURITY_EXCEPTION_ANNOTATION]: exception.reason } : undefined,
      },
    });
    this.ready = [this.namespace];
    if (props.network) {
      const policies = new NamespaceNetworkPolicies(this, 'network', {
        namespace: props.name,
        allowances: props.network.allowances,
        network: props.network.description,
        dependsOn: [this.namespace],
      });
      this.ready.push(...policies.policies);
    }
  }
}
