import { block, blocks, strings, truthy } from '../read';
import type { PolicyRule } from '../types';
import { CONTROL_PLANE_LOG_TYPES } from '../../aws/eks-control-plane';

export const awsEksRules: PolicyRule[] = [
  {
    id: 'HOT-EKS-001',
    title: 'EKS encrypts Kubernetes secrets with a KMS key',
    checkov: ['CKV_AWS_58'],
    trivy: ['AVD-AWS-0039'],
    appliesTo: ['resource.aws_eks_cluster'],
    check: ({ config }) => {
      const encryption = block(config.encryption_config);
      const keyArn = block(encryption?.provider)?.key_arn;
      if (!keyArn || !strings(encryption?.resources).includes('secrets')) {
        return 'encryption_config must name a KMS key and resources ["secrets"]';
      }
      return undefined;
    },
  },
  {
    id: 'HOT-EKS-002',
    title: 'EKS sends every control-plane log type to CloudWatch',
    checkov: ['CKV_AWS_37'],
    trivy: ['AVD-AWS-0038'],
    appliesTo: ['resource.aws_eks_cluster'],
    check: ({ config }) => {
      const enabled = strings(config.enabled_cluster_log_types);
      const missing = CONTROL_PLANE_LOG_TYPES.filter((type) => !enabled.includes(type));
      return missing.length > 0 ? `enabled_cluster_log_types lacks ${missing.join(', ')}` : undefined;
    },
  },
  {
    id: 'HOT-EKS-003',
    title: 'EKS public endpoint is off or limited to an allow-list',
    checkov: ['CKV_AWS_38', 'CKV_AWS_39'],
    trivy: ['AVD-AWS-0040', 'AVD-AWS-0041'],
    appliesTo: ['resource.aws_eks_cluster'],
    check: ({ config }) => {
      const vpc = block(config.vpc_config) ?? {};
      if (vpc.endpoint_public_access === false) return undefined;
      const cidrs = strings(vpc.public_access_cidrs);
      if (cidrs.length === 0)
        return 'the public endpoint is on with no public_access_cidrs (AWS then allows 0.0.0.0/0)';
      return cidrs.some((c) => c.endsWith('/0')) ? 'public_access_cidrs opens the API to the internet' : undefined;
    },
  },
  {
    id: 'HOT-EKS-004',
    title: 'EKS private endpoint is on, so nodes reach the API inside the VPC',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.aws_eks_cluster'],
    check: ({ config }) =>
      truthy(block(config.vpc_config)?.endpoint_private_access)
        ? undefined
        : 'vpc_config.endpoint_private_access must be true',
  },
  {
    id: 'HOT-EKS-005',
    title: 'EKS uses API authentication (access entries), not the aws-auth ConfigMap',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.aws_eks_cluster'],
    check: ({ config }) =>
      block(config.access_config)?.authentication_mode === 'API'
        ? undefined
        : 'access_config.authentication_mode must be "API"',
  },
  {
    id: 'HOT-EKS-008',
    title: 'EKS makes no hidden admin: the cluster creator gets no implicit access entry',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.aws_eks_cluster'],
    check: ({ config }) =>
      block(config.access_config)?.bootstrap_cluster_creator_admin_permissions === false
        ? undefined
        : 'access_config.bootstrap_cluster_creator_admin_permissions must be false; give the identity Terraform runs as an explicit access entry',
  },
  {
    id: 'HOT-EKS-006',
    title: 'EKS node groups use a launch template and no SSH remote access',
    checkov: ['CKV_AWS_100'],
    trivy: [],
    appliesTo: ['resource.aws_eks_node_group'],
    check: ({ config }) => {
      if (blocks(config.remote_access).length > 0) return 'remote_access opens SSH to nodes; use SSM Session Manager';
      return block(config.launch_template)
        ? undefined
        : 'launch_template is missing, so IMDSv2 and disk encryption are not ours to set';
    },
  },
];
