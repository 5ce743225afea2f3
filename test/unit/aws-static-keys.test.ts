import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { App } from 'cdktf';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Construct } from 'constructs';
import type { AwsEnvironment } from '../../lib/aws/environment';
import { WORKLOAD_USER_PATH } from '../../lib/aws/static-key-user';
import { objectStatements } from '../../lib/aws/workload-identities';
import type { AddOn } from '../../lib/contracts/addon';
import type { ClusterDescription } from '../../lib/contracts/cluster';
import { WORKLOADS, type WorkloadName, type WorkloadSpec } from '../../lib/contracts/workloads';
import { evaluatePolicies, formatViolation } from '../../lib/policies/engine';
import { ALL_RULES } from '../../lib/policies/index';
import { suppressionsOf } from '../../lib/policies/suppress';
import type { StackDocument } from '../../lib/policies/types';
import { AppsStack } from '../../stacks/apps-stack';
import { AwsEksClusterStack } from '../../stacks/aws-eks-cluster-stack';
import { platformSettingsOf } from '../../stacks/flavours';
import { awsProdEnvironment } from '../support/synth';

type Block = Record<string, unknown>;

const NAMES = Object.keys(WORKLOADS) as WorkloadName[];
const spec = (name: WorkloadName): WorkloadSpec => WORKLOADS[name];
const STATIC = NAMES.filter((name) => spec(name).staticKeysOnly);

/** Puts each workload's keys into a Secret, as its app would: there they cross from the cluster stack. */
class KeysConsumer implements AddOn {
  public readonly id = 'keys-consumer';
  public install(scope: Construct, cluster: ClusterDescription): void {
    for (const name of STATIC) {
      const keys = cluster.workloads[name]?.staticKeys;
      if (!keys) throw new Error(`${name} has no static keys`);
      new SecretV1(scope, name, {
        metadata: { name: `${name}-object-storage`, namespace: name },
        data: { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey },
      });
    }
  }
}

/** Both stacks synthesized as `cdktf synth` does, so cross-stack references become outputs and remote state. */
function build() {
  const outdir = mkdtempSync(join(tmpdir(), 'hot-static-keys-'));
  const app = new App({ outdir, stackTraces: false });
  const env = awsProdEnvironment({ dns: { baseDomain: 'hotosm.org', zoneId: 'Z0123456789ABCDEFGHIJ' } });
  const cluster = new AwsEksClusterStack(app, env as AwsEnvironment);
  const apps = new AppsStack(app, `${env.name}-apps`, {
    backend: env.backend,
    cluster: cluster.description,
    platform: platformSettingsOf(env),
    addOns: [new KeysConsumer()],
  });
  apps.addDependency(cluster);
  app.synth();
  const read = (id: string) =>
    JSON.parse(readFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as StackDocument;
  const documents = { cluster, clusterDoc: read(cluster.node.id), appsDoc: read(apps.node.id) };
  rmSync(outdir, { recursive: true, force: true });
  return documents;
}

const entries = (doc: StackDocument, type: string): [string, Block][] => Object.entries(doc.resource?.[type] ?? {});
const addressOf = (doc: StackDocument, type: string, match: (b: Block) => boolean): string => {
  const [address] = entries(doc, type).find(([, block]) => match(block)) ?? [];
  expect(address).toBeDefined();
  return address as string;
};

describe('AWS: workloads whose S3 client takes only static keys', () => {
  const { cluster, clusterDoc: doc, appsDoc } = build();
  const userAddress = (name: WorkloadName) => addressOf(doc, 'aws_iam_user', (u) => u.name === `aws-prod-${name}`);
  const keyAddress = (name: WorkloadName) =>
    addressOf(doc, 'aws_iam_access_key', (k) => k.user === `\${aws_iam_user.${userAddress(name)}.name}`);
  const policyOf = (name: WorkloadName) =>
    entries(doc, 'aws_iam_user_policy').find(([, p]) => p.user === `\${aws_iam_user.${userAddress(name)}.name}`);

  it('are DroneTM and ScaleODM', () => {
    expect([...STATIC].sort()).toEqual(['drone-tm', 'scaleodm']);
  });

  it.each(STATIC)('%s gets an IAM user, its inline policy and an access key, and no Pod Identity role', (name) => {
    expect(entries(doc, 'aws_iam_user').find(([, u]) => u.name === `aws-prod-${name}`)?.[1]).toMatchObject({
      path: WORKLOAD_USER_PATH,
    });
    expect(policyOf(name)).toBeDefined();
    expect(keyAddress(name)).toBeDefined();
    const roles = entries(doc, 'aws_iam_role').map(([, r]) => r.name);
    expect(roles).not.toContain(`aws-prod-${name}`);
    const associations = entries(doc, 'aws_eks_pod_identity_association').map(([, a]) => a);
    // The database's own ServiceAccount keeps its backup role: Barman Cloud reads Pod Identity.
    expect(associations.filter((a) => a.namespace === name).map((a) => a.service_account)).toEqual([`${name}-db`]);
  });

  it.each(STATIC)('%s may use only its own bucket, with the statements a role would get', (name) => {
    const [, policy] = policyOf(name) as [string, Block];
    const documentName = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(policy.policy))?.[1] as string;
    const statements = doc.data?.aws_iam_policy_document?.[documentName]?.statement as Block[];
    const objects = spec(name).objects as NonNullable<WorkloadSpec['objects']>;
    const bucket = addressOf(doc, 'aws_s3_bucket', (b) => b.bucket === `hotosm-aws-prod-${objects.bucket}`);
    const key = addressOf(doc, 'aws_kms_key', (k) => String(k.description).startsWith('Default encryption of the S3'));
    const expected = objectStatements(`\${aws_s3_bucket.${bucket}.arn}`, objects.prefix, `\${aws_kms_key.${key}.arn}`);
    // The synthesized document leaves out what is undefined (no condition on a whole-bucket workload).
    expect(statements).toEqual(JSON.parse(JSON.stringify(expected)));
    const resources = statements.flatMap((s) => s.resources as string[]);
    expect(resources.every((r) => r.startsWith(`\${aws_s3_bucket.${bucket}.arn}`) || r.includes('aws_kms_key'))).toBe(
      true,
    );
  });

  /** The cluster-stack output an apps-stack value reads through remote state. */
  const outputBehind = (value: string): Block => {
    const name = /^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.([^}]+)\}$/.exec(value)?.[1] as string;
    expect(name).toBeDefined();
    return (doc.output?.[name] ?? {}) as Block;
  };

  it.each(STATIC)('%s: the contract hands over the access key by reference, with no annotations or labels', (name) => {
    expect(cluster.description.workloads[name]).toMatchObject({ serviceAccountAnnotations: {}, podLabels: {} });
    const [, secret] = entries(appsDoc, 'kubernetes_secret_v1').find(([, b]) =>
      JSON.stringify(b.metadata).includes(`"${name}-object-storage"`),
    ) as [string, Block];
    const data = secret.data as Record<string, string>;
    const key = keyAddress(name);
    expect(outputBehind(data.AWS_ACCESS_KEY_ID).value).toBe(`\${aws_iam_access_key.${key}.id}`);
    expect(outputBehind(data.AWS_SECRET_ACCESS_KEY).value).toBe(`\${aws_iam_access_key.${key}.secret}`);
  });

  it('passes the keys to the apps stack only through sensitive cross-stack outputs, never as literals', () => {
    const outputs = Object.values(doc.output ?? {}) as Block[];
    const carrying = outputs.filter((o) => String(o.value).startsWith('${aws_iam_access_key.'));
    expect(carrying).toHaveLength(2 * STATIC.length);
    expect(carrying.every((o) => o.sensitive === true)).toBe(true);
    // The access key block holds only its user: the secret exists in Terraform state, never in the JSON.
    for (const [, key] of entries(doc, 'aws_iam_access_key')) expect(Object.keys(key).sort()).toEqual(['//', 'user']);
  });

  it('accepts HOT-IAM-004 on exactly those users, policies and keys, with the reason', () => {
    const accepted = suppressionsOf(cluster).filter((s) => s.ruleId === 'HOT-IAM-004');
    const expected = STATIC.flatMap((name) => [
      `aws_iam_user.${userAddress(name)}`,
      `aws_iam_user_policy.${(policyOf(name) as [string, Block])[0]}`,
      `aws_iam_access_key.${keyAddress(name)}`,
    ]);
    expect(accepted.map((s) => s.address).sort()).toEqual(expected.sort());
    for (const s of accepted) expect(s.reason).toMatch(/only static keys.*own bucket.*-replace/);
    expect(evaluatePolicies(cluster.node.id, doc, ALL_RULES, suppressionsOf(cluster)).map(formatViolation)).toEqual([]);
  });

  it('leaves every other workload its Pod Identity role and no user', () => {
    const roles = entries(doc, 'aws_iam_role').map(([, r]) => r.name);
    for (const name of NAMES.filter((n) => !spec(n).staticKeysOnly)) {
      expect(roles).toContain(`aws-prod-${name}`);
      expect(cluster.description.workloads[name]).toEqual({ serviceAccountAnnotations: {}, podLabels: {} });
    }
    expect(entries(doc, 'aws_iam_user').map(([, u]) => u.name)).toEqual(STATIC.map((name) => `aws-prod-${name}`));
  });
});
