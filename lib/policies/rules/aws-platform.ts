import type { PolicyRule } from '../types';
import { awsIdentityRules } from './aws-identity';
import { awsS3Rules } from './aws-s3';
import { karpenterRules } from './karpenter';

/** Rules for what the production EKS flavour adds: buckets, queues, workload identities, Karpenter. */
export const awsPlatformRules: PolicyRule[] = [...awsS3Rules, ...awsIdentityRules, ...karpenterRules];
