import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { Ec2Tag } from '@cdktf/provider-aws/lib/ec2-tag';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { policyDocument } from './iam';
import { karpenterControllerStatements } from './karpenter-policy';
import { EksNodeRole } from './node-role';
import { PodIdentityRole } from './pod-identity';

/** Where the Karpenter chart runs; the Pod Identity association and the add-on share these names. */
export const KARPENTER_NAMESPACE = 'karpenter';
export const KARPENTER_SERVICE_ACCOUNT = 'karpenter';

/** Tag that Karpenter's EC2NodeClass selects subnets and the node security group by. */
export const DISCOVERY_TAG = 'karpenter.sh/discovery';

/** EC2 events that warn of a node going away, so Karpenter drains it first (upstream reference set). */
const INTERRUPTION_EVENTS: Readonly<Record<string, { source: string[]; 'detail-type': string[] }>> = {
  'scheduled-change': { source: ['aws.health'], 'detail-type': ['AWS Health Event'] },
  'spot-interruption': { source: ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] },
  rebalance: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance Rebalance Recommendation'] },
  'instance-state-change': { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] },
};

export interface KarpenterInfrastructureProps {
  readonly environmentName: string;
  readonly cluster: EksCluster;
  readonly partition: string;
  readonly region: string;
}

/**
 * The AWS side of Karpenter: its node role and instance profile (with an EC2_LINUX access entry so nodes can
 * join), the controller's Pod Identity role, an encrypted SQS interruption queue fed by EventBridge, and the
 * discovery tag on the cluster security group. The chart and its NodePools live in the apps stack.
 */
export class KarpenterInfrastructure extends Construct {
  public readonly nodeRole: EksNodeRole;
  public readonly instanceProfile: IamInstanceProfile;
  public readonly queue: SqsQueue;
  public readonly controller: PodIdentityRole;
  public readonly accessEntry: EksAccessEntry;

  constructor(scope: Construct, id: string, props: KarpenterInfrastructureProps) {
    super(scope, id);
    const name = props.environmentName;
    this.nodeRole = new EksNodeRole(this, 'node-role', { name: `${name}-karpenter`, partition: props.partition });
    this.instanceProfile = new IamInstanceProfile(this, 'instance-profile', {
      name: `${name}-karpenter-node`,
      role: this.nodeRole.role.name,
    });
    this.accessEntry = new EksAccessEntry(this, 'node-access-entry', {
      clusterName: props.cluster.name,
      principalArn: this.nodeRole.role.arn,
      type: 'EC2_LINUX',
    });
    new Ec2Tag(this, 'cluster-security-group-discovery', {
      resourceId: props.cluster.vpcConfig.clusterSecurityGroupId,
      key: DISCOVERY_TAG,
      value: props.cluster.name,
    });

    this.queue = new SqsQueue(this, 'interruption-queue', {
      name: `${name}-karpenter-interruptions`,
      messageRetentionSeconds: 300,
      sqsManagedSseEnabled: true,
    });
    new SqsQueuePolicy(this, 'interruption-queue-policy', {
      queueUrl: this.queue.url,
      policy: policyDocument(this, 'interruption-queue-policy-document', [
        {
          sid: 'EventBridgeSends',
          effect: 'Allow',
          actions: ['sqs:SendMessage'],
          resources: [this.queue.arn],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com', 'sqs.amazonaws.com'] }],
        },
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueUrl'],
          resources: [this.queue.arn],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ]).json,
    });
    for (const [event, pattern] of Object.entries(INTERRUPTION_EVENTS)) {
      const rule = new CloudwatchEventRule(this, `${event}-rule`, {
        name: `${name}-karpenter-${event}`,
        description: `Karpenter interruption handling for ${name}: ${pattern['detail-type'][0]}`,
        eventPattern: JSON.stringify(pattern),
      });
      new CloudwatchEventTarget(this, `${event}-target`, {
        rule: rule.name,
        targetId: 'karpenter-interruption-queue',
        arn: this.queue.arn,
      });
    }

    this.controller = new PodIdentityRole(this, 'controller', {
      clusterName: props.cluster.name,
      clusterArn: props.cluster.arn,
      roleName: `${name}-karpenter-controller`,
      partition: props.partition,
      serviceAccounts: [{ namespace: KARPENTER_NAMESPACE, serviceAccount: KARPENTER_SERVICE_ACCOUNT }],
      statements: karpenterControllerStatements({
        partition: props.partition,
        region: props.region,
        clusterName: name,
        clusterArn: props.cluster.arn,
        nodeRoleArn: this.nodeRole.role.arn,
        instanceProfileArn: this.instanceProfile.arn,
        queueArn: this.queue.arn,
      }),
    });
  }
}
