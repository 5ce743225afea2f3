import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/**
 * Who Terraform runs as, read once per stack: the account (for `aws:SourceAccount` conditions and ARNs that
 * name it) and the IAM role or user behind the session. `issuerArn` is the role of an assumed-role session,
 * not the session itself, so it is stable from run to run and can be an EKS access entry.
 */
export class TerraformCaller extends Construct {
  public readonly accountId: string;
  public readonly issuerArn: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const identity = new DataAwsCallerIdentity(this, 'identity');
    this.accountId = identity.accountId;
    this.issuerArn = new DataAwsIamSessionContext(this, 'session', { arn: identity.arn }).issuerArn;
  }

  /** The stack's one caller, created on first use. */
  public static of(scope: Construct): TerraformCaller {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild('terraform-caller');
    return existing instanceof TerraformCaller ? existing : new TerraformCaller(stack, 'terraform-caller');
  }
}
