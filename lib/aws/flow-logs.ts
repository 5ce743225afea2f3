import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { TerraformCaller } from './caller';
import { policyDocument } from './iam';
import { flowLogGroupName, LogsKey } from './logs-key';

export interface VpcFlowLogsProps {
  readonly environmentName: string;
  readonly vpc: Vpc;
  readonly region: string;
  readonly partition: string;
  /** Days CloudWatch keeps the flow logs. */
  readonly retentionDays: number;
}

/**
 * Every accepted and rejected connection of the VPC, to a KMS-encrypted, protected CloudWatch log group: the
 * record an incident review starts from. The delivery role trusts only the flow-logs service acting for this
 * account's flow logs, and may only write into that one log group.
 */
export class VpcFlowLogs extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const caller = TerraformCaller.of(this);
    const key = LogsKey.of(this, props).key;
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: flowLogGroupName(props.environmentName),
      retentionInDays: props.retentionDays,
      kmsKeyId: key.arn,
      lifecycle: { preventDestroy: true },
    });
    const trust = policyDocument(this, 'trust', [
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
        // Confused deputy: only flow logs of this account, in this region, may make the service assume it.
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [caller.accountId] },
          {
            test: 'ArnLike',
            variable: 'aws:SourceArn',
            values: [`arn:${props.partition}:ec2:${props.region}:${caller.accountId}:vpc-flow-log/*`],
          },
        ],
      },
    ]);
    const role = new IamRole(this, 'role', {
      name: `${props.environmentName}-vpc-flow-logs`,
      assumeRolePolicy: trust.json,
    });
    new IamRolePolicy(this, 'policy', {
      name: 'deliver-to-own-log-group',
      role: role.name,
      policy: policyDocument(this, 'policy-document', [
        {
          sid: 'WriteOwnLogGroup',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
        {
          // Listing log groups cannot be confined to one group; it reveals names only.
          sid: 'FindLogGroup',
          effect: 'Allow',
          actions: ['logs:DescribeLogGroups'],
          resources: [`arn:${props.partition}:logs:${props.region}:${caller.accountId}:log-group:*`],
        },
      ]).json,
    });
    this.flowLog = new FlowLog(this, 'flow-log', {
      vpcId: props.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      tags: { Name: `${props.environmentName}-vpc` },
    });
  }
}
