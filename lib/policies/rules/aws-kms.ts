import { truthy } from '../read';
import type { PolicyRule } from '../types';

export const awsKmsRules: PolicyRule[] = [
  {
    id: 'HOT-KMS-001',
    title: 'KMS keys rotate yearly',
    checkov: ['CKV_AWS_7'],
    trivy: ['AVD-AWS-0065'],
    appliesTo: ['resource.aws_kms_key'],
    check: ({ config }) => (truthy(config.enable_key_rotation) ? undefined : 'enable_key_rotation must be true'),
  },
  {
    id: 'HOT-KMS-002',
    title: 'KMS keys wait 30 days before deletion',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.aws_kms_key'],
    check: ({ config }) =>
      config.deletion_window_in_days === 30
        ? undefined
        : 'deletion_window_in_days must be 30, the longest recovery window',
  },
];
