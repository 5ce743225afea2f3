import type { StackDocument } from '../../lib/policies/types';

/**
 * One passing and one failing Terraform JSON document per policy rule, shaped like the cdk.tf.json cdktf
 * synthesizes for aws-prod and aws-prod-apps (snake_case keys, nested blocks as objects, `${...}` references,
 * construct-path logical ids). Every pass document is clean under ALL rules; every fail document breaks only its
 * own rule, except for the overlaps listed in FAIL_ALSO_BREAKS.
 */
export interface FixturePair {
  readonly pass: StackDocument;
  readonly fail: StackDocument;
}

type Block = Record<string, unknown>;

export const NAMES = {
  cluster: 'control-plane_cluster_47C848BD',
  key: 'control-plane_secrets-key_4B5C69FD',
  nodeGroup: 'core-pool_node-group_081BB200',
  launchTemplate: 'core-pool_launch-template_D6D38339',
  subnet: 'network_private-us-east-1a_E1039AEF',
  vpc: 'network_vpc_4E8F0223',
  defaultSecurityGroup: 'network_default-security-group_F40826B8',
  logGroup: 'control-plane_control-plane-logs_FA5058B5',
  keyUsePolicy: 'control-plane_secrets-key-use-policy_CA2A2433',
  trustPolicy: 'control-plane_cluster-role_trust_6F7CEDB4',
  role: 'control-plane_cluster-role_FC4B9D29',
  user: 'ci-deployer_user_2B1D5E7A',
  bucket: 'backups_bucket_8C2F41A0',
  release: 'cert-manager_release_6A1F0B2C',
} as const;

// --- aws-prod: EKS control plane -------------------------------------------------------------------------------

const VPC_CONFIG: Block = {
  endpoint_private_access: true,
  endpoint_public_access: false,
  subnet_ids: [`\${aws_subnet.${NAMES.subnet}.id}`],
};

function eksCluster(patch: Block = {}): StackDocument {
  return {
    resource: {
      aws_eks_cluster: {
        [NAMES.cluster]: {
          access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: true },
          enabled_cluster_log_types: ['api', 'audit', 'authenticator'],
          encryption_config: {
            provider: { key_arn: `\${aws_kms_key.${NAMES.key}.arn}` },
            resources: ['secrets'],
          },
          kubernetes_network_config: { ip_family: 'ipv4', service_ipv4_cidr: '172.20.0.0/16' },
          lifecycle: { prevent_destroy: true },
          name: 'aws-prod',
          role_arn: `\${aws_iam_role.${NAMES.role}.arn}`,
          upgrade_policy: { support_type: 'STANDARD' },
          version: '1.35',
          vpc_config: VPC_CONFIG,
          ...patch,
        },
      },
    },
  };
}

function nodeGroup(patch: Block = {}): StackDocument {
  return {
    resource: {
      aws_eks_node_group: {
        [NAMES.nodeGroup]: {
          ami_type: 'AL2023_x86_64_STANDARD',
          capacity_type: 'ON_DEMAND',
          cluster_name: `\${aws_eks_cluster.${NAMES.cluster}.name}`,
          instance_types: ['m7i.large', 'm6i.large'],
          launch_template: {
            id: `\${aws_launch_template.${NAMES.launchTemplate}.id}`,
            version: `\${aws_launch_template.${NAMES.launchTemplate}.latest_version}`,
          },
          node_group_name: 'core',
          node_role_arn: '${aws_iam_role.node-role_06BD3073.arn}',
          scaling_config: { desired_size: 2, max_size: 4, min_size: 2 },
          subnet_ids: [`\${aws_subnet.${NAMES.subnet}.id}`],
          ...patch,
        },
      },
    },
  };
}

// --- aws-prod: KMS, EC2, VPC, CloudWatch -----------------------------------------------------------------------

function kmsKey(patch: Block = {}): StackDocument {
  return {
    resource: {
      aws_kms_key: {
        [NAMES.key]: {
          deletion_window_in_days: 30,
          description: 'Envelope encryption of Kubernetes secrets in EKS cluster aws-prod',
          enable_key_rotation: true,
          lifecycle: { prevent_destroy: true },
          ...patch,
        },
      },
    },
  };
}

const METADATA_OPTIONS: Block = {
  http_endpoint: 'enabled',
  http_put_response_hop_limit: 1,
  http_tokens: 'required',
  instance_metadata_tags: 'disabled',
};

function rootVolume(encrypted: string): Block {
  return {
    device_name: '/dev/xvda',
    ebs: { delete_on_termination: 'true', encrypted, volume_size: 50, volume_type: 'gp3' },
  };
}

function launchTemplate(patch: Block = {}): StackDocument {
  return {
    resource: {
      aws_launch_template: {
        [NAMES.launchTemplate]: {
          block_device_mappings: [rootVolume('true')],
          description: 'Nodes of the core pool of aws-prod',
          metadata_options: METADATA_OPTIONS,
          name: 'aws-prod-core',
          update_default_version: true,
          ...patch,
        },
      },
    },
  };
}

function subnet(mapPublicIp: boolean): StackDocument {
  return {
    resource: {
      aws_subnet: {
        [NAMES.subnet]: {
          availability_zone: 'us-east-1a',
          cidr_block: '10.20.0.0/19',
          map_public_ip_on_launch: mapPublicIp,
          tags: { Name: 'aws-prod-private-us-east-1a', 'kubernetes.io/role/internal-elb': '1' },
          vpc_id: `\${aws_vpc.${NAMES.vpc}.id}`,
        },
      },
    },
  };
}

function vpcWithDefaultGroup(ingress: Block[]): StackDocument {
  return {
    resource: {
      aws_default_security_group: {
        [NAMES.defaultSecurityGroup]: {
          egress: [],
          ingress,
          tags: { Name: 'aws-prod-default-deny' },
          vpc_id: `\${aws_vpc.${NAMES.vpc}.id}`,
        },
      },
      aws_vpc: {
        [NAMES.vpc]: {
          cidr_block: '10.20.0.0/16',
          enable_dns_hostnames: true,
          enable_dns_support: true,
          tags: { Name: 'aws-prod' },
        },
      },
    },
  };
}

function logGroup(retentionInDays: number): StackDocument {
  return {
    resource: {
      aws_cloudwatch_log_group: {
        [NAMES.logGroup]: { name: '/aws/eks/aws-prod/cluster', retention_in_days: retentionInDays },
      },
    },
  };
}

// --- aws-prod: IAM ---------------------------------------------------------------------------------------------

function keyUsePolicy(actions: string[], resources: string[]): StackDocument {
  return {
    data: {
      aws_iam_policy_document: {
        [NAMES.keyUsePolicy]: { statement: [{ actions, effect: 'Allow', resources }] },
      },
    },
  };
}

const KEY_ARN = `\${aws_kms_key.${NAMES.key}.arn}`;

function trustPolicy(principal: Block): StackDocument {
  return {
    data: {
      aws_iam_policy_document: {
        [NAMES.trustPolicy]: {
          statement: [{ actions: ['sts:AssumeRole', 'sts:TagSession'], effect: 'Allow', principals: [principal] }],
        },
      },
    },
  };
}

const CLUSTER_ROLE: StackDocument = {
  resource: {
    aws_iam_role: {
      [NAMES.role]: {
        assume_role_policy: `\${data.aws_iam_policy_document.${NAMES.trustPolicy}.json}`,
        name: 'aws-prod-eks-cluster',
      },
    },
  },
};

// --- state and credentials -------------------------------------------------------------------------------------

function bucket(lifecycle: Block | undefined): StackDocument {
  return {
    resource: {
      aws_s3_bucket: {
        [NAMES.bucket]: { bucket: 'hot-aws-prod-backups', ...(lifecycle ? { lifecycle } : {}) },
      },
    },
  };
}

function kubeconfigOutput(sensitive: boolean | undefined): StackDocument {
  return {
    output: {
      kubeconfig: {
        ...(sensitive === undefined ? {} : { sensitive }),
        value: `\${templatefile("kubeconfig.tpl", { endpoint = aws_eks_cluster.${NAMES.cluster}.endpoint })}`,
      },
    },
  };
}

function helmProvider(token: string): StackDocument {
  return {
    provider: {
      helm: [
        {
          kubernetes: {
            cluster_ca_certificate:
              '${base64decode(data.terraform_remote_state.cross-stack-reference-input-aws-prod.outputs.cross-stack-output-aws_eks_clustercontrol-plane_cluster_47C848BDcertificate_authority0data)}',
            host: '${data.terraform_remote_state.cross-stack-reference-input-aws-prod.outputs.cross-stack-output-aws_eks_clustercontrol-plane_cluster_47C848BDendpoint}',
            token,
          },
        },
      ],
    },
  };
}

function terraformBlock(backend: Block): StackDocument {
  return {
    terraform: {
      backend,
      required_providers: { aws: { source: 'aws', version: '5.100.0' } },
    },
  };
}

// --- aws-prod-apps: Helm releases ------------------------------------------------------------------------------

function helmRelease(patch: Block = {}): StackDocument {
  return {
    resource: {
      helm_release: {
        [NAMES.release]: {
          atomic: true,
          chart: 'cert-manager',
          cleanup_on_fail: true,
          create_namespace: false,
          max_history: 5,
          name: 'cert-manager',
          namespace: 'cert-manager',
          repository: 'oci://quay.io/jetstack/charts',
          timeout: 600,
          values: ['{"crds":{"enabled":true}}'],
          version: 'v1.18.2',
          wait: true,
          ...patch,
        },
      },
    },
  };
}

export const FIXTURES: Record<string, FixturePair> = {
  'HOT-EKS-001': {
    pass: eksCluster(),
    fail: eksCluster({ encryption_config: { provider: { key_arn: KEY_ARN }, resources: [] } }),
  },
  'HOT-EKS-002': {
    pass: eksCluster({ enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager'] }),
    fail: eksCluster({ enabled_cluster_log_types: ['api', 'authenticator'] }),
  },
  'HOT-EKS-003': {
    pass: eksCluster({
      vpc_config: { ...VPC_CONFIG, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] },
    }),
    fail: eksCluster({
      vpc_config: { ...VPC_CONFIG, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24', '0.0.0.0/0'] },
    }),
  },
  'HOT-EKS-004': {
    pass: eksCluster(),
    fail: eksCluster({ vpc_config: { ...VPC_CONFIG, endpoint_private_access: false } }),
  },
  'HOT-EKS-005': {
    pass: eksCluster(),
    fail: eksCluster({ access_config: { authentication_mode: 'API_AND_CONFIG_MAP' } }),
  },
  'HOT-EKS-006': {
    pass: nodeGroup(),
    fail: nodeGroup({ remote_access: { ec2_ssh_key: 'aws-prod-ops' } }),
  },
  'HOT-KMS-001': {
    pass: kmsKey(),
    fail: kmsKey({ enable_key_rotation: false }),
  },
  'HOT-KMS-002': {
    pass: kmsKey(),
    fail: kmsKey({ deletion_window_in_days: 7 }),
  },
  'HOT-LT-001': {
    pass: launchTemplate(),
    fail: launchTemplate({ metadata_options: { ...METADATA_OPTIONS, http_tokens: 'optional' } }),
  },
  'HOT-LT-002': {
    pass: launchTemplate(),
    fail: launchTemplate({ metadata_options: { ...METADATA_OPTIONS, http_put_response_hop_limit: 2 } }),
  },
  'HOT-LT-003': {
    pass: launchTemplate(),
    fail: launchTemplate({ block_device_mappings: [rootVolume('false')] }),
  },
  'HOT-VPC-001': {
    pass: subnet(false),
    fail: subnet(true),
  },
  'HOT-VPC-002': {
    pass: vpcWithDefaultGroup([]),
    fail: vpcWithDefaultGroup([
      { cidr_blocks: ['10.20.0.0/16'], from_port: 0, protocol: '-1', self: true, to_port: 0 },
    ]),
  },
  'HOT-CWL-001': {
    pass: logGroup(90),
    fail: logGroup(30),
  },
  'HOT-IAM-001': {
    pass: keyUsePolicy(['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], [KEY_ARN]),
    fail: keyUsePolicy(['*'], ['*']),
  },
  'HOT-IAM-002': {
    pass: keyUsePolicy(['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], [KEY_ARN]),
    fail: keyUsePolicy(['kms:*'], [KEY_ARN]),
  },
  'HOT-IAM-003': {
    pass: trustPolicy({ identifiers: ['eks.amazonaws.com'], type: 'Service' }),
    fail: trustPolicy({ identifiers: ['*'], type: 'AWS' }),
  },
  'HOT-IAM-004': {
    pass: CLUSTER_ROLE,
    fail: { resource: { aws_iam_user: { [NAMES.user]: { name: 'ci-deployer', path: '/automation/' } } } },
  },
  'HOT-STATE-001': {
    pass: bucket({ prevent_destroy: true }),
    fail: bucket(undefined),
  },
  'HOT-STATE-002': {
    pass: kubeconfigOutput(true),
    fail: kubeconfigOutput(undefined),
  },
  'HOT-STATE-003': {
    pass: helmProvider('${data.aws_eks_cluster_auth.cluster-auth.token}'),
    fail: helmProvider('k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20v'),
  },
  'HOT-STATE-004': {
    pass: terraformBlock({ local: { path: '../../../terraform.aws-prod.tfstate' } }),
    fail: terraformBlock({ s3: { bucket: 'hot-terraform-state', key: 'aws-prod.tfstate', region: 'us-east-1' } }),
  },
  'HOT-HELM-001': {
    pass: helmRelease(),
    fail: helmRelease({ version: '~1.18' }),
  },
  'HOT-HELM-002': {
    pass: helmRelease(),
    fail: helmRelease({ repository: 'http://charts.jetstack.io' }),
  },
  'HOT-HELM-003': {
    pass: helmRelease(),
    fail: helmRelease({ atomic: false }),
  },
  'HOT-HELM-004': {
    pass: helmRelease(),
    fail: helmRelease({ name: 'cert-manager-with-a-release-name-much-longer-than-helm-allows' }),
  },
};

/**
 * Rules that a failing fixture cannot break alone, because another rule is a strict superset of it:
 * a KMS key without prevent_destroy is also a stateful resource without it, and "*" on "*" is also a
 * wildcard action.
 */
export const FAIL_ALSO_BREAKS: Record<string, readonly string[]> = {
  'HOT-IAM-001': ['HOT-IAM-002'],
};
