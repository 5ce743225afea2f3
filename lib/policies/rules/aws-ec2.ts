import { block, blocks, truthy } from '../read';
import type { PolicyRule } from '../types';

/** A year: how long audit and flow logs must stay available (what CKV_AWS_338 asks). */
const MIN_LOG_RETENTION_DAYS = 365;

export const awsEc2Rules: PolicyRule[] = [
  {
    id: 'HOT-LT-001',
    title: 'Launch templates require IMDSv2',
    checkov: ['CKV_AWS_79'],
    trivy: ['AVD-AWS-0130'],
    appliesTo: ['resource.aws_launch_template'],
    check: ({ config }) =>
      block(config.metadata_options)?.http_tokens === 'required'
        ? undefined
        : 'metadata_options.http_tokens must be "required"',
  },
  {
    id: 'HOT-LT-002',
    title: 'Launch templates keep the metadata hop limit at 1 so pods cannot use the node role',
    checkov: ['CKV_AWS_341'],
    trivy: [],
    appliesTo: ['resource.aws_launch_template'],
    check: ({ config }) =>
      block(config.metadata_options)?.http_put_response_hop_limit === 1
        ? undefined
        : 'metadata_options.http_put_response_hop_limit must be 1',
  },
  {
    id: 'HOT-LT-003',
    title: 'Launch template volumes are encrypted',
    checkov: ['CKV_AWS_8'],
    trivy: ['AVD-AWS-0008'],
    appliesTo: ['resource.aws_launch_template'],
    check: ({ config }) => {
      const mappings = blocks(config.block_device_mappings);
      if (mappings.length === 0) return 'block_device_mappings must set the root volume, encrypted';
      const plain = mappings.filter((m) => !truthy(block(m.ebs)?.encrypted));
      return plain.length > 0
        ? `ebs.encrypted is not true for ${plain.map((m) => String(m.device_name)).join(', ')}`
        : undefined;
    },
  },
  {
    id: 'HOT-VPC-001',
    title: 'Subnets do not give instances public IPs',
    checkov: ['CKV_AWS_130'],
    trivy: ['AVD-AWS-0164'],
    appliesTo: ['resource.aws_subnet'],
    check: ({ config }) =>
      truthy(config.map_public_ip_on_launch) ? 'map_public_ip_on_launch must be false' : undefined,
  },
  {
    id: 'HOT-VPC-002',
    title: 'Every VPC has its default security group stripped of rules',
    checkov: ['CKV2_AWS_12'],
    trivy: [],
    appliesTo: ['resource.aws_vpc'],
    check: ({ address }, document) => {
      const reference = `\${${address}.id}`;
      const groups = Object.values(document.resource?.aws_default_security_group ?? {});
      const group = groups.find((g) => g.vpc_id === reference);
      if (!group) return "no aws_default_security_group manages this VPC's default group";
      const open = blocks(group.ingress).length + blocks(group.egress).length;
      return open > 0 ? 'its aws_default_security_group still has rules; set ingress and egress to []' : undefined;
    },
  },
  {
    id: 'HOT-VPC-003',
    title: 'Every VPC records all its traffic in flow logs',
    checkov: ['CKV2_AWS_11'],
    trivy: ['AVD-AWS-0178'],
    appliesTo: ['resource.aws_vpc'],
    check: ({ address }, document) => {
      const reference = `\${${address}.id}`;
      const logs = Object.values(document.resource?.aws_flow_log ?? {}).filter((log) => log.vpc_id === reference);
      if (logs.length === 0) return 'no aws_flow_log records this VPC';
      return logs.some((log) => log.traffic_type === 'ALL')
        ? undefined
        : 'its aws_flow_log records only part of the traffic; set traffic_type = "ALL"';
    },
  },
  {
    id: 'HOT-CWL-001',
    title: 'CloudWatch log groups keep logs for at least a year, and not forever',
    checkov: ['CKV_AWS_66', 'CKV_AWS_338'],
    trivy: [],
    appliesTo: ['resource.aws_cloudwatch_log_group'],
    check: ({ config }) => {
      const days = config.retention_in_days;
      return typeof days === 'number' && days >= MIN_LOG_RETENTION_DAYS
        ? undefined
        : `retention_in_days must be set to ${MIN_LOG_RETENTION_DAYS} or more`;
    },
  },
  {
    id: 'HOT-CWL-002',
    title: 'CloudWatch log groups are encrypted with a KMS key of ours',
    checkov: ['CKV_AWS_158'],
    trivy: ['AVD-AWS-0017'],
    appliesTo: ['resource.aws_cloudwatch_log_group'],
    check: ({ config }) =>
      typeof config.kms_key_id === 'string' && config.kms_key_id.length > 0
        ? undefined
        : 'kms_key_id must name a KMS key (CloudWatch would otherwise use its own, which we cannot audit or revoke)',
  },
];
