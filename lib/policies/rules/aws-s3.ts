import { block, blocks, strings, truthy } from '../read';
import type { PolicyRule, StackDocument, Subject } from '../types';

/** The companion blocks of a bucket: those whose `bucket` refers to it (by id or name) or names it. */
function companions(document: StackDocument, type: string, bucket: Subject): Record<string, unknown>[] {
  const name = bucket.address.split('.')[1];
  const refs = new Set([
    `\${aws_s3_bucket.${name}.id}`,
    `\${aws_s3_bucket.${name}.bucket}`,
    ...strings(bucket.config.bucket),
  ]);
  return Object.values(document.resource?.[type] ?? {}).filter((c) => refs.has(String(c.bucket)));
}

const ENCRYPTION_ALGORITHMS = ['aws:kms', 'aws:kms:dsse', 'AES256'];

/** Buckets named `<prefix>-<env>-backups` and their copies `...-backups-copy` hold the environment's backups. */
const HOLDS_BACKUPS = /-backups(-copy)?$/;

/**
 * True when the bucket is made through an aws provider aimed at another S3-compatible endpoint (Hetzner Object
 * Storage): controls only AWS S3 has do not apply there.
 */
function onOtherS3(document: StackDocument, bucket: Subject): boolean {
  const alias = /^aws\.(.+)$/.exec(String(bucket.config.provider ?? ''))?.[1];
  if (!alias) return false;
  const provider = (document.provider?.aws ?? []).find((p) => p.alias === alias);
  return blocks(provider?.endpoints).some((e) => typeof e.s3 === 'string');
}

/** Statements of a bucket policy: from the aws_iam_policy_document it references, or literal JSON. */
function bucketPolicyDenies(document: StackDocument, policy: unknown): Record<string, unknown>[] {
  const text = String(policy);
  const reference = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(text);
  if (reference) {
    const doc = document.data?.aws_iam_policy_document?.[reference[1]];
    return blocks(doc?.statement)
      .filter((s) => s.effect === 'Deny')
      .map((s) => ({ ...s, conditions: blocks(s.condition) }));
  }
  try {
    const parsed = JSON.parse(text) as { Statement?: unknown };
    const list: unknown[] = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return list
      .filter(
        (s): s is Record<string, unknown> =>
          typeof s === 'object' && s !== null && (s as { Effect?: unknown }).Effect === 'Deny',
      )
      .map((s) => {
        const bool = (s.Condition as { Bool?: Record<string, unknown> } | undefined)?.Bool ?? {};
        return {
          ...s,
          conditions: Object.entries(bool).map(([variable, values]) => ({
            test: 'Bool',
            variable,
            values: strings(values),
          })),
        };
      });
  } catch {
    return [];
  }
}

function deniesInsecureTransport(statement: Record<string, unknown>): boolean {
  return blocks(statement.conditions).some(
    (c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && strings(c.values).includes('false'),
  );
}

export const awsS3Rules: PolicyRule[] = [
  {
    id: 'HOT-BUCKET-001',
    title: 'S3 buckets encrypt objects by default (SSE-KMS or SSE-S3)',
    checkov: ['CKV_AWS_145', 'CKV_AWS_19'],
    trivy: ['AVD-AWS-0088'],
    appliesTo: ['resource.aws_s3_bucket'],
    check: (subject, document) => {
      const ok = companions(document, 'aws_s3_bucket_server_side_encryption_configuration', subject).some((c) =>
        blocks(c.rule).some((r) =>
          ENCRYPTION_ALGORITHMS.includes(String(block(r.apply_server_side_encryption_by_default)?.sse_algorithm)),
        ),
      );
      return ok ? undefined : 'has no aws_s3_bucket_server_side_encryption_configuration with aws:kms or AES256';
    },
  },
  {
    id: 'HOT-BUCKET-002',
    title: 'S3 buckets keep object versions, so an overwrite or delete can be undone',
    checkov: ['CKV_AWS_21'],
    trivy: ['AVD-AWS-0090'],
    appliesTo: ['resource.aws_s3_bucket'],
    check: (subject, document) =>
      companions(document, 'aws_s3_bucket_versioning', subject).some(
        (c) => block(c.versioning_configuration)?.status === 'Enabled',
      )
        ? undefined
        : 'has no aws_s3_bucket_versioning with status "Enabled"',
  },
  {
    id: 'HOT-BUCKET-003',
    title: 'S3 buckets block every kind of public access',
    checkov: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
    trivy: ['AVD-AWS-0086', 'AVD-AWS-0087', 'AVD-AWS-0091', 'AVD-AWS-0093'],
    appliesTo: ['resource.aws_s3_bucket'],
    check: (subject, document) => {
      const flags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
      return companions(document, 'aws_s3_bucket_public_access_block', subject).some((c) =>
        flags.every((flag) => truthy(c[flag])),
      )
        ? undefined
        : 'has no aws_s3_bucket_public_access_block with all four settings true';
    },
  },
  {
    id: 'HOT-BUCKET-004',
    title: 'S3 bucket policies deny requests without TLS',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.aws_s3_bucket'],
    check: (subject, document) =>
      companions(document, 'aws_s3_bucket_policy', subject).some((c) =>
        bucketPolicyDenies(document, c.policy).some(deniesInsecureTransport),
      )
        ? undefined
        : 'has no bucket policy that denies aws:SecureTransport = false',
  },
  {
    id: 'HOT-BUCKET-005',
    title: 'S3 buckets are never force-destroyed with their objects',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.aws_s3_bucket'],
    check: ({ config }) => (truthy(config.force_destroy) ? 'force_destroy must not be true' : undefined),
  },
  {
    id: 'HOT-BUCKET-006',
    title: 'Versioned S3 buckets expire noncurrent versions, so old versions do not pile up forever',
    checkov: ['CKV2_AWS_61'],
    trivy: [],
    appliesTo: ['resource.aws_s3_bucket'],
    check: (subject, document) =>
      companions(document, 'aws_s3_bucket_lifecycle_configuration', subject).some((c) =>
        blocks(c.rule).some((r) => r.status === 'Enabled' && block(r.noncurrent_version_expiration) !== undefined),
      )
        ? undefined
        : 'has no enabled lifecycle rule with noncurrent_version_expiration',
  },
  {
    id: 'HOT-BUCKET-007',
    title: 'S3 buckets disable ACLs (object ownership BucketOwnerEnforced)',
    checkov: ['CKV2_AWS_65'],
    trivy: [],
    appliesTo: ['resource.aws_s3_bucket'],
    check: (subject, document) =>
      companions(document, 'aws_s3_bucket_ownership_controls', subject).some(
        (c) => block(c.rule)?.object_ownership === 'BucketOwnerEnforced',
      )
        ? undefined
        : 'has no aws_s3_bucket_ownership_controls with BucketOwnerEnforced',
  },
  {
    id: 'HOT-BUCKET-008',
    title: 'S3 buckets that hold backups log every request to an access-log bucket',
    checkov: ['CKV_AWS_18'],
    trivy: ['AVD-AWS-0089'],
    appliesTo: ['resource.aws_s3_bucket'],
    check: (subject, document) => {
      if (!strings(subject.config.bucket).some((name) => HOLDS_BACKUPS.test(name))) return undefined;
      if (onOtherS3(document, subject)) return undefined;
      return companions(document, 'aws_s3_bucket_logging', subject).some((c) => typeof c.target_bucket === 'string')
        ? undefined
        : 'holds backups but has no aws_s3_bucket_logging; log its requests to the access-log bucket';
    },
  },
  {
    id: 'HOT-SQS-001',
    title: 'SQS queues are encrypted at rest',
    checkov: ['CKV_AWS_27'],
    trivy: ['AVD-AWS-0096'],
    appliesTo: ['resource.aws_sqs_queue'],
    check: ({ config }) =>
      truthy(config.sqs_managed_sse_enabled) || typeof config.kms_master_key_id === 'string'
        ? undefined
        : 'set sqs_managed_sse_enabled = true or a kms_master_key_id',
  },
];
