import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { NodePoolConfig } from '../config/schema';
import type { Taint } from '../contracts/cluster';

export interface ManagedNodeGroupProps {
  readonly clusterName: string;
  /** Pool name: `core`, `worker` or `gpu`. */
  readonly pool: string;
  readonly environmentName: string;
  readonly config: NodePoolConfig;
  readonly subnetIds: string[];
  readonly nodeRoleArn: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** Resources that must exist before nodes join (role policy attachments). */
  readonly dependsOn: ITerraformDependable[];
}

/** Graviton families (m7g, c7gn, t4g, ...) need the arm64 image. */
export function amiTypeFor(instanceTypes: readonly string[]): 'AL2023_ARM_64_STANDARD' | 'AL2023_x86_64_STANDARD' {
  return instanceTypes.every((type) => /^[a-z]+\d+g[a-z]*\./.test(type))
    ? 'AL2023_ARM_64_STANDARD'
    : 'AL2023_x86_64_STANDARD';
}

const TAINT_EFFECTS = {
  NoSchedule: 'NO_SCHEDULE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
} as const;

/**
 * An EKS managed node group on our own launch template, so every node has IMDSv2 required with a hop limit
 * of 1 (pods cannot borrow the node's role) and an encrypted gp3 root volume.
 */
export class ManagedNodeGroup extends Construct {
  public readonly nodeGroup: EksNodeGroup;
  public readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const name = `${props.environmentName}-${props.pool}`;

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name,
      description: `Nodes of the ${props.pool} pool of ${props.environmentName}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeSize: props.config.diskSizeGiB,
            volumeType: 'gp3',
            encrypted: 'true',
            deleteOnTermination: 'true',
          },
        },
      ],
      tagSpecifications: [
        { resourceType: 'instance', tags: { Name: name, 'node-type': props.pool } },
        { resourceType: 'volume', tags: { Name: name, 'node-type': props.pool } },
      ],
    });

    this.nodeGroup = new EksNodeGroup(this, 'node-group', {
      clusterName: props.clusterName,
      nodeGroupName: props.pool,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      instanceTypes: [...props.config.instanceTypes],
      capacityType: props.config.spot ? 'SPOT' : 'ON_DEMAND',
      amiType: amiTypeFor(props.config.instanceTypes),
      scalingConfig: {
        minSize: props.config.minSize,
        maxSize: props.config.maxSize,
        desiredSize: props.config.desiredSize ?? props.config.minSize,
      },
      updateConfig: { maxUnavailable: 1 },
      labels: { ...props.labels },
      taint: props.taints.map((taint) => ({ key: taint.key, value: taint.value, effect: TAINT_EFFECTS[taint.effect] })),
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      // Autoscalers and operators move desired_size; Terraform must not fight them on every apply.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
      dependsOn: props.dependsOn,
    });
  }
}
