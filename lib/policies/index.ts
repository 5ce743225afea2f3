import { awsEc2Rules } from './rules/aws-ec2';
import { awsEksRules } from './rules/aws-eks';
import { awsIamRules } from './rules/aws-iam';
import { awsKmsRules } from './rules/aws-kms';
import { helmRules } from './rules/helm';
import { stateRules } from './rules/state';
import type { PolicyRule } from './types';

/** Every rule, checked on every synthesized stack. Rules only fire on the blocks they apply to. */
export const ALL_RULES: readonly PolicyRule[] = [
  ...awsEksRules,
  ...awsKmsRules,
  ...awsEc2Rules,
  ...awsIamRules,
  ...stateRules,
  ...helmRules,
];
