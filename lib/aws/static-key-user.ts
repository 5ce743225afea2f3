import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy';
import { Construct } from 'constructs';
import type { WorkloadAccess } from '../contracts/cluster';
import { suppress } from '../policies/suppress';
import { policyDocument } from './iam';

/** Users for workloads, listed apart from people's so a review of `iam list-users` sees what they are. */
export const WORKLOAD_USER_PATH = '/hot-apps/';

export interface StaticKeyUserProps {
  /** IAM user name, at most 64 characters. */
  readonly userName: string;
  /** The IAM path the user is listed under. @default WORKLOAD_USER_PATH (`/hot-apps/`) */
  readonly path?: string;
  /** The user's inline policy: the same statements the workload's role would carry. */
  readonly statements: DataAwsIamPolicyDocumentStatement[];
  /** Why HOT-IAM-004 is accepted on this user, its policy and its key: one line a reviewer can judge. */
  readonly reason: string;
}

/**
 * An IAM user with one inline policy and one access key, for a workload whose software cannot use a role.
 * The key pair leaves this stack only as Terraform references (`staticKeys`): cdktf turns them into
 * sensitive cross-stack outputs, and the secret never appears in synthesized JSON.
 */
export class StaticKeyUser extends Construct {
  public readonly user: IamUser;
  public readonly policy: IamUserPolicy;
  public readonly key: IamAccessKey;

  constructor(scope: Construct, id: string, props: StaticKeyUserProps) {
    super(scope, id);
    this.user = new IamUser(this, 'user', { name: props.userName, path: props.path ?? WORKLOAD_USER_PATH });
    this.policy = new IamUserPolicy(this, 'policy', {
      name: 'least-privilege',
      user: this.user.name,
      policy: policyDocument(this, 'policy-document', props.statements).json,
    });
    this.key = new IamAccessKey(this, 'key', { user: this.user.name });
    for (const resource of [this.user, this.policy, this.key]) suppress(resource, 'HOT-IAM-004', props.reason);
  }

  /** What the contract publishes: no annotations or labels, the key pair by reference. */
  public get access(): WorkloadAccess {
    return {
      serviceAccountAnnotations: {},
      podLabels: {},
      staticKeys: { accessKeyId: this.key.id, secretAccessKey: this.key.secret },
    };
  }
}
