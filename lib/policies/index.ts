import { appRules } from './rules/apps';
import { awsEc2Rules } from './rules/aws-ec2';
import { awsEksRules } from './rules/aws-eks';
import { awsIamRules } from './rules/aws-iam';
import { awsKmsRules } from './rules/aws-kms';
import { awsPlatformRules } from './rules/aws-platform';
import { azureAksRules } from './rules/azure-aks';
import { azureKeyVaultRules } from './rules/azure-key-vault';
import { azureStorageRules } from './rules/azure-storage';
import { exposureRules } from './rules/exposure';
import { helmRules } from './rules/helm';
import { hetznerRules } from './rules/hetzner';
import { kubernetesRules } from './rules/kubernetes';
import { stateRules } from './rules/state';
import type { PolicyRule } from './types';

/** Every rule, checked on every synthesized stack. Rules only fire on the blocks they apply to. */
export const ALL_RULES: readonly PolicyRule[] = [
  ...awsEksRules,
  ...awsKmsRules,
  ...awsEc2Rules,
  ...awsIamRules,
  ...awsPlatformRules,
  ...azureAksRules,
  ...azureKeyVaultRules,
  ...azureStorageRules,
  ...stateRules,
  ...helmRules,
  ...kubernetesRules,
  ...exposureRules,
  ...hetznerRules,
  ...appRules,
];
