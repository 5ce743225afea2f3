import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { EKS_ADDON_VERSIONS, type EksAddonVersions } from './eks-addon-versions';

/** Configuration per add-on. The VPC CNI's network-policy agent makes NetworkPolicies actually enforced. */
const CONFIGURATION: Partial<Record<keyof EksAddonVersions, Record<string, unknown>>> = {
  'vpc-cni': { enableNetworkPolicy: 'true' },
};

export interface EksManagedAddonsProps {
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  /** Node groups: add-ons come after them, so coredns has somewhere to run and creation does not hang. */
  readonly after: ITerraformDependable[];
  /** Pod Identity per add-on: the role its controller ServiceAccount assumes. @default {} */
  readonly podIdentities?: Partial<Record<keyof EksAddonVersions, { roleArn: string; serviceAccount: string }>>;
}

/**
 * EKS managed add-ons at pinned versions. They take over the copies EKS bootstraps (OVERWRITE), so the
 * versions and configuration here are the ones running.
 */
export class EksManagedAddons extends Construct {
  public readonly addons: EksAddon[];

  constructor(scope: Construct, id: string, props: EksManagedAddonsProps) {
    super(scope, id);
    const versions = EKS_ADDON_VERSIONS[props.kubernetesVersion];
    this.addons = (Object.keys(versions) as (keyof EksAddonVersions)[]).map((name) => {
      const configuration = CONFIGURATION[name];
      const identity = props.podIdentities?.[name];
      return new EksAddon(this, name, {
        clusterName: props.clusterName,
        addonName: name,
        addonVersion: versions[name],
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        configurationValues: configuration ? JSON.stringify(configuration) : undefined,
        podIdentityAssociation: identity ? [{ ...identity }] : undefined,
        dependsOn: props.after,
      });
    });
  }
}
