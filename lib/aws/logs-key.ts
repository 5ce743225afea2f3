import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { TerraformCaller } from './caller';
import { policyDocument } from './iam';

/** What the account may do with the key through IAM: manage it, never use it; only CloudWatch Logs encrypts. */
const KEY_ADMINISTRATION = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/** The CloudWatch log group names of an environment, fixed here so the key policy can name them. */
export function controlPlaneLogGroupName(environmentName: string): string {
  return `/aws/eks/${environmentName}/cluster`;
}
export function flowLogGroupName(environmentName: string): string {
  return `/aws/vpc-flow-logs/${environmentName}`;
}

export interface LogsKeyProps {
  readonly environmentName: string;
  readonly region: string;
  readonly partition: string;
}

/**
 * The KMS key of every CloudWatch log group of the stack (control-plane audit logs, VPC flow logs). CloudWatch
 * Logs may use it only for those log groups (`kms:EncryptionContext:aws:logs:arn`); the account keeps the
 * right to administer it, so no key policy change can lock it out. Rotating, 30-day deletion window, protected.
 */
export class LogsKey extends Construct {
  public readonly key: KmsKey;

  private constructor(scope: Construct, id: string, props: LogsKeyProps) {
    super(scope, id);
    const caller = TerraformCaller.of(this);
    const logGroupArn = (name: string) =>
      `arn:${props.partition}:logs:${props.region}:${caller.accountId}:log-group:${name}`;
    const policy = policyDocument(this, 'key-policy', [
      {
        sid: 'AccountAdministersKey',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [`arn:${props.partition}:iam::${caller.accountId}:root`] }],
        actions: KEY_ADMINISTRATION,
        resources: ['*'],
      },
      {
        sid: 'CloudWatchLogsEncryptsOwnLogGroups',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: [`logs.${props.region}.amazonaws.com`] }],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        condition: [
          {
            test: 'ArnEquals',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: [
              logGroupArn(controlPlaneLogGroupName(props.environmentName)),
              logGroupArn(flowLogGroupName(props.environmentName)),
            ],
          },
        ],
      },
    ]);
    this.key = new KmsKey(this, 'key', {
      description: `Encryption of the CloudWatch log groups of ${props.environmentName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policy.json,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'key-alias', { name: `alias/${props.environmentName}-logs`, targetKeyId: this.key.keyId });
  }

  /** The stack's one logs key, created on first use. */
  public static of(scope: Construct, props: LogsKeyProps): LogsKey {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild('logs-key');
    return existing instanceof LogsKey ? existing : new LogsKey(stack, 'logs-key', props);
  }
}
