import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

export interface LoadBalancerControllerPolicyProps {
  readonly partition: string;
  readonly region: string;
  /** The value the controller writes into the `elbv2.k8s.aws/cluster` tag of what it creates. */
  readonly clusterName: string;
  /** The cluster's VPC: the only one the controller may create security groups in or change rules of. */
  readonly vpcArn: string;
}

/**
 * The AWS Load Balancer Controller's policy, after the upstream reference (docs/install/iam_policy.json at
 * v3.5.0), for what this project uses it for: NLBs for Services. WAF, Shield and Cognito actions are left out (and
 * turned off in the chart values), and so are iam:ListServerCertificates and iam:GetServerCertificate, which the
 * v3.5.0 controller never calls (ACM serves certificate discovery). Every change to a load balancer, target group or
 * security group is confined to resources the controller tagged itself (`elbv2.k8s.aws/cluster`). Tighter than
 * upstream, whose security-group statements reach every group of the account: groups are created only in the
 * cluster's VPC and tagged for this cluster, rules change only on groups in that VPC (the controller also opens
 * the node groups to its load balancers, which it did not tag), and it deletes only its own groups there.
 */
export function loadBalancerControllerStatements(
  props: LoadBalancerControllerPolicyProps,
): DataAwsIamPolicyDocumentStatement[] {
  const partition = props.partition;
  const tagged = (key: string) => ({ test: 'Null', variable: `aws:ResourceTag/${key}`, values: ['false'] });
  const untaggedRequest = (key: string) => ({ test: 'Null', variable: `aws:RequestTag/${key}`, values: ['true'] });
  const elb = (type: string) => `arn:${partition}:elasticloadbalancing:*:*:${type}`;
  const securityGroups = `arn:${partition}:ec2:${props.region}:*:security-group/*`;
  const inClusterVpc = { test: 'ArnEquals', variable: 'ec2:Vpc', values: [props.vpcArn] };
  return [
    {
      sid: 'ServiceLinkedRoleForElb',
      effect: 'Allow',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: ['*'],
      condition: [
        { test: 'StringEquals', variable: 'iam:AWSServiceName', values: ['elasticloadbalancing.amazonaws.com'] },
      ],
    },
    {
      sid: 'Describe',
      effect: 'Allow',
      actions: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:DescribeRouteTables',
        // Checked by ELB for the caller when an ALB is given a customer-owned (Outposts) IPv4 pool.
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc',
        'ec2:DescribeIpamPools',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores',
        'elasticloadbalancing:DescribeCapacityReservation',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
      ],
      resources: ['*'],
    },
    {
      // CreateSecurityGroup is authorized on the VPC and on the new group: the VPC is named, the group tagged.
      sid: 'CreateSecurityGroupsInClusterVpc',
      effect: 'Allow',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [props.vpcArn],
    },
    {
      sid: 'CreateSecurityGroupsTaggedForCluster',
      effect: 'Allow',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [securityGroups],
      condition: [
        { test: 'StringEquals', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: [props.clusterName] },
      ],
    },
    {
      sid: 'ChangeRulesInClusterVpc',
      effect: 'Allow',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      resources: [securityGroups],
      condition: [inClusterVpc],
    },
    {
      sid: 'TagNewSecurityGroups',
      effect: 'Allow',
      actions: ['ec2:CreateTags'],
      resources: [`arn:${partition}:ec2:*:*:security-group/*`],
      condition: [
        { test: 'StringEquals', variable: 'ec2:CreateAction', values: ['CreateSecurityGroup'] },
        { test: 'Null', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['false'] },
      ],
    },
    {
      sid: 'RetagOwnSecurityGroups',
      effect: 'Allow',
      actions: ['ec2:CreateTags', 'ec2:DeleteTags'],
      resources: [`arn:${partition}:ec2:*:*:security-group/*`],
      condition: [untaggedRequest('elbv2.k8s.aws/cluster'), tagged('elbv2.k8s.aws/cluster')],
    },
    {
      sid: 'DeleteOwnSecurityGroups',
      effect: 'Allow',
      actions: ['ec2:DeleteSecurityGroup'],
      resources: [securityGroups],
      condition: [
        inClusterVpc,
        { test: 'StringEquals', variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster', values: [props.clusterName] },
      ],
    },
    {
      sid: 'CreateTaggedLoadBalancers',
      effect: 'Allow',
      actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      resources: ['*'],
      condition: [{ test: 'Null', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['false'] }],
    },
    {
      sid: 'Listeners',
      effect: 'Allow',
      actions: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
      ],
      resources: ['*'],
    },
    {
      sid: 'RetagOwnLoadBalancers',
      effect: 'Allow',
      actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      resources: [elb('targetgroup/*/*'), elb('loadbalancer/net/*/*'), elb('loadbalancer/app/*/*')],
      condition: [untaggedRequest('elbv2.k8s.aws/cluster'), tagged('elbv2.k8s.aws/cluster')],
    },
    {
      sid: 'TagListeners',
      effect: 'Allow',
      actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      resources: [
        elb('listener/net/*/*/*'),
        elb('listener/app/*/*/*'),
        elb('listener-rule/net/*/*/*'),
        elb('listener-rule/app/*/*/*'),
      ],
    },
    {
      sid: 'ChangeOwnLoadBalancers',
      effect: 'Allow',
      actions: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
      ],
      resources: ['*'],
      condition: [tagged('elbv2.k8s.aws/cluster')],
    },
    {
      sid: 'TagOnCreate',
      effect: 'Allow',
      actions: ['elasticloadbalancing:AddTags'],
      resources: [elb('targetgroup/*/*'), elb('loadbalancer/net/*/*'), elb('loadbalancer/app/*/*')],
      condition: [
        {
          test: 'StringEquals',
          variable: 'elasticloadbalancing:CreateAction',
          values: ['CreateTargetGroup', 'CreateLoadBalancer'],
        },
        { test: 'Null', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['false'] },
      ],
    },
    {
      sid: 'Targets',
      effect: 'Allow',
      actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      resources: [elb('targetgroup/*/*')],
    },
    {
      sid: 'ListenerChanges',
      effect: 'Allow',
      actions: [
        'elasticloadbalancing:SetWebAcl',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities',
      ],
      resources: ['*'],
    },
  ];
}
