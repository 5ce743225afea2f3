import { blocks, strings } from '../read';
import type { PolicyRule } from '../types';
import { statementsOf } from './aws-iam';

const POLICY_SUBJECTS = ['data.aws_iam_policy_document', 'resource.aws_iam_policy', 'resource.aws_iam_role_policy'];

const OBJECT_ACTIONS = new Set([
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:GetObjectVersion',
  's3:DeleteObjectVersion',
]);
const RECORD_ACTIONS = new Set(['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets']);
const EKS_ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

/** EC2 actions that open, close, create or delete security groups: what lets a role change a firewall. */
const SECURITY_GROUP_WRITES = new Set([
  'ec2:CreateSecurityGroup',
  'ec2:DeleteSecurityGroup',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupEgress',
  'ec2:ModifySecurityGroupRules',
]);

/** Condition keys that confine a security-group write: the VPC, or tags that mark the group as ours. */
const CONFINING_KEY = /^(ec2:Vpc|aws:ResourceTag\/.+|aws:RequestTag\/.+)$/;

/** What a Pod Identity trust must pin, each by a condition on one of these keys. */
const POD_TRUST_PINS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['cluster', ['aws:RequestTag/eks-cluster-arn', 'aws:RequestTag/eks-cluster-name']],
  ['namespace', ['aws:RequestTag/kubernetes-namespace']],
  ['ServiceAccount', ['aws:RequestTag/kubernetes-service-account']],
];

/** A resource that is one VPC: a literal VPC ARN or a reference to a VPC's ARN. */
const isVpc = (resource: string) =>
  /:vpc\/vpc-[0-9a-f]+$/.test(resource) || /^\$\{aws_vpc\.[^.]+\.arn\}$/.test(resource);

const allows = (subject: Parameters<typeof statementsOf>[0]) =>
  statementsOf(subject).filter((s) => s.effect === 'Allow');

export const awsIdentityRules: PolicyRule[] = [
  {
    id: 'HOT-IAM-005',
    title: 'iam:PassRole names the roles it may pass (Karpenter passes only its node role)',
    checkov: ['CKV_AWS_286'],
    trivy: [],
    appliesTo: POLICY_SUBJECTS,
    check: (subject) =>
      allows(subject).some((s) => s.actions.includes('iam:PassRole') && s.resources.some((r) => r.endsWith('*')))
        ? 'allows iam:PassRole on a wildcard resource; name the role ARN'
        : undefined,
  },
  {
    id: 'HOT-IAM-006',
    title: 'Object read/write is confined to named buckets, never every bucket',
    checkov: ['CKV_AWS_288'],
    trivy: [],
    appliesTo: POLICY_SUBJECTS,
    check: (subject) => {
      const broad = allows(subject).filter(
        (s) =>
          s.actions.some((a) => OBJECT_ACTIONS.has(a)) &&
          s.resources.some((r) => r === '*' || r.startsWith('arn:aws:s3:::*')),
      );
      return broad.length > 0 ? 'allows S3 object actions on every bucket; name the bucket ARN and prefix' : undefined;
    },
  },
  {
    id: 'HOT-IAM-007',
    title: 'Route53 record changes are confined to named hosted zones',
    checkov: [],
    trivy: [],
    appliesTo: POLICY_SUBJECTS,
    check: (subject) =>
      allows(subject).some(
        (s) =>
          s.actions.some((a) => RECORD_ACTIONS.has(a)) &&
          s.resources.some((r) => r === '*' || r.endsWith('hostedzone/*')),
      )
        ? 'allows record changes in every hosted zone; name the zone ARN'
        : undefined,
  },
  {
    id: 'HOT-IAM-008',
    title: 'Pod Identity roles trust only the EKS Pod Identity service',
    checkov: [],
    trivy: [],
    appliesTo: ['data.aws_iam_policy_document'],
    check: ({ config }) => {
      const trustsPods = blocks(config.statement).filter((s) =>
        blocks(s.principals).some((p) => strings(p.identifiers).includes('pods.eks.amazonaws.com')),
      );
      const mixed = trustsPods.some(
        (s) =>
          blocks(s.principals).some((p) => strings(p.identifiers).some((id) => id !== 'pods.eks.amazonaws.com')) ||
          strings(s.actions).some((a) => a !== 'sts:AssumeRole' && a !== 'sts:TagSession'),
      );
      return mixed
        ? 'trusts pods.eks.amazonaws.com together with other principals or actions; keep the pod trust on its own'
        : undefined;
    },
  },
  {
    id: 'HOT-IAM-009',
    title: 'Pod Identity trust pins the cluster (and so the account), the namespace and the ServiceAccount',
    checkov: [],
    trivy: [],
    appliesTo: ['data.aws_iam_policy_document', 'resource.aws_iam_role'],
    check: (subject) => {
      const podTrusts = statementsOf(subject).filter(
        (s) => s.effect === 'Allow' && s.principals.includes('pods.eks.amazonaws.com'),
      );
      const missing = new Set<string>();
      for (const statement of podTrusts) {
        const pinned = new Set(
          statement.conditions.filter((c) => /^(StringEquals|ArnEquals)$/.test(c.test)).map((c) => c.variable),
        );
        for (const [what, keys] of POD_TRUST_PINS) if (!keys.some((k) => pinned.has(k))) missing.add(what);
      }
      return missing.size > 0
        ? `trusts pods.eks.amazonaws.com without pinning the ${[...missing].join(', ')}; add StringEquals conditions on the aws:RequestTag/eks-cluster-arn, kubernetes-namespace and kubernetes-service-account session tags`
        : undefined;
    },
  },
  {
    id: 'HOT-IAM-010',
    title: 'Security-group writes are confined to one VPC or to groups tagged as ours',
    checkov: [],
    trivy: [],
    appliesTo: POLICY_SUBJECTS,
    check: (subject) => {
      const open = statementsOf(subject).filter(
        (s) =>
          s.effect === 'Allow' &&
          s.actions.some((a) => SECURITY_GROUP_WRITES.has(a)) &&
          !s.conditions.some((c) => CONFINING_KEY.test(c.variable)) &&
          !(s.resources.length > 0 && s.resources.every(isVpc)),
      );
      const actions = [...new Set(open.flatMap((s) => s.actions.filter((a) => SECURITY_GROUP_WRITES.has(a))))];
      return actions.length > 0
        ? `allows ${actions.join(', ')} on any security group of the account; add an ec2:Vpc condition or a tag condition (aws:ResourceTag/aws:RequestTag)`
        : undefined;
    },
  },
  {
    id: 'HOT-EKS-007',
    title: 'EKS managed add-ons pin an exact version',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.aws_eks_addon'],
    check: ({ config }) =>
      typeof config.addon_version === 'string' && EKS_ADDON_VERSION.test(config.addon_version)
        ? undefined
        : `addon_version ${JSON.stringify(config.addon_version)} is not an exact version like "v1.2.3-eksbuild.1"`,
  },
];
