import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

export interface KarpenterPolicyProps {
  readonly partition: string;
  readonly region: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly nodeRoleArn: string;
  readonly instanceProfileArn: string;
  readonly queueArn: string;
}

/**
 * The Karpenter controller's policy, after the upstream CloudFormation reference for v1.14
 * (website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml), minus
 * instance-profile management (the EC2NodeClass names the instance profile made here, so Karpenter never creates,
 * tags or deletes one) and minus the ZonalShiftPolicy (zonal shift is off: Karpenter's ENABLE_ZONAL_SHIFT default).
 * Launches and deletions are confined to resources tagged for this cluster and a NodePool; the only role it may pass
 * is the Karpenter node role.
 */
export function karpenterControllerStatements(p: KarpenterPolicyProps): DataAwsIamPolicyDocumentStatement[] {
  const ec2 = (type: string) => `arn:${p.partition}:ec2:${p.region}:*:${type}/*`;
  const owned = {
    test: 'StringEquals',
    variable: `aws:ResourceTag/kubernetes.io/cluster/${p.clusterName}`,
    values: ['owned'],
  };
  const requestOwned = {
    test: 'StringEquals',
    variable: `aws:RequestTag/kubernetes.io/cluster/${p.clusterName}`,
    values: ['owned'],
  };
  const requestClusterName = {
    test: 'StringEquals',
    variable: 'aws:RequestTag/eks:eks-cluster-name',
    values: [p.clusterName],
  };
  const hasNodePool = { test: 'StringLike', variable: 'aws:ResourceTag/karpenter.sh/nodepool', values: ['*'] };
  const requestNodePool = { test: 'StringLike', variable: 'aws:RequestTag/karpenter.sh/nodepool', values: ['*'] };
  const launched = [
    'fleet',
    'instance',
    'volume',
    'network-interface',
    'launch-template',
    'spot-instances-request',
  ].map(ec2);
  return [
    {
      sid: 'LaunchFromSharedResources',
      effect: 'Allow',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [
        `arn:${p.partition}:ec2:${p.region}::image/*`,
        `arn:${p.partition}:ec2:${p.region}::snapshot/*`,
        ec2('security-group'),
        ec2('subnet'),
        ec2('capacity-reservation'),
        ec2('placement-group'),
      ],
    },
    {
      sid: 'LaunchFromOwnLaunchTemplates',
      effect: 'Allow',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [ec2('launch-template')],
      condition: [owned, hasNodePool],
    },
    {
      sid: 'CreateTaggedForCluster',
      effect: 'Allow',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
      resources: launched,
      condition: [requestOwned, requestClusterName, requestNodePool],
    },
    {
      sid: 'TagOnCreate',
      effect: 'Allow',
      actions: ['ec2:CreateTags'],
      resources: launched,
      condition: [
        requestOwned,
        requestClusterName,
        {
          test: 'StringEquals',
          variable: 'ec2:CreateAction',
          values: ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
        },
        requestNodePool,
      ],
    },
    {
      sid: 'TagOwnInstances',
      effect: 'Allow',
      actions: ['ec2:CreateTags'],
      resources: [ec2('instance')],
      condition: [
        owned,
        hasNodePool,
        { test: 'StringEqualsIfExists', variable: 'aws:RequestTag/eks:eks-cluster-name', values: [p.clusterName] },
        {
          test: 'ForAllValues:StringEquals',
          variable: 'aws:TagKeys',
          values: ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'],
        },
      ],
    },
    {
      sid: 'DeleteOwnResources',
      effect: 'Allow',
      actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      resources: [ec2('instance'), ec2('launch-template')],
      condition: [owned, hasNodePool],
    },
    {
      sid: 'ReadRegion',
      effect: 'Allow',
      actions: [
        'ec2:DescribeCapacityReservations',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceStatus',
        'ec2:DescribeInstanceTypeOfferings',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplates',
        'ec2:DescribePlacementGroups',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeSubnets',
      ],
      resources: ['*'],
      condition: [{ test: 'StringEquals', variable: 'aws:RequestedRegion', values: [p.region] }],
    },
    {
      sid: 'ResolveAmiAliases',
      effect: 'Allow',
      actions: ['ssm:GetParameter'],
      resources: [`arn:${p.partition}:ssm:${p.region}::parameter/aws/service/*`],
    },
    { sid: 'ReadPrices', effect: 'Allow', actions: ['pricing:GetProducts'], resources: ['*'] },
    {
      sid: 'ReadInterruptionQueue',
      effect: 'Allow',
      actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      resources: [p.queueArn],
    },
    {
      sid: 'PassNodeRoleOnly',
      effect: 'Allow',
      actions: ['iam:PassRole'],
      resources: [p.nodeRoleArn],
      condition: [
        {
          test: 'StringEquals',
          variable: 'iam:PassedToService',
          values: ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'],
        },
      ],
    },
    // Even with a named instance profile, the EC2NodeClass finalizer lists Karpenter's own profiles
    // (path /karpenter/<region>/<cluster>/) and looks up the legacy `<cluster>_<hash>` one; a denial there would
    // block every EC2NodeClass deletion, and the profile garbage collector lists them every 30 minutes.
    { sid: 'ListInstanceProfiles', effect: 'Allow', actions: ['iam:ListInstanceProfiles'], resources: ['*'] },
    {
      sid: 'ReadInstanceProfile',
      effect: 'Allow',
      actions: ['iam:GetInstanceProfile'],
      resources: [p.instanceProfileArn, `arn:${p.partition}:iam::*:instance-profile/${p.clusterName}_*`],
    },
    { sid: 'DiscoverApiEndpoint', effect: 'Allow', actions: ['eks:DescribeCluster'], resources: [p.clusterArn] },
  ];
}
