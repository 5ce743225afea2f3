import { run, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { Testing } from 'cdktf';
import { NAMESPACE_POLICY_CEL } from '../../lib/addons/pod-security';
import type { StackDocument } from '../../lib/policies/types';
import { AppsStack } from '../../stacks/apps-stack';
import { fakeCluster, TEST_PLATFORM } from '../support/fake-cluster';

type Block = Record<string, unknown>;

interface Namespace {
  readonly metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

const ns = (name: string, labels?: Record<string, string>, annotations?: Record<string, string>): Namespace => ({
  metadata: { name, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) },
});
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const EXCEPTION = 'hotosm.org/pod-security-exception';

/** What the API server decides for a namespace request: undefined = admitted, else the failed validation. */
function admission(operation: 'CREATE' | 'UPDATE', object: Namespace, oldObject?: Namespace): string | undefined {
  const input = { object, oldObject: oldObject ?? null, request: { operation } } as unknown as Record<string, CelInput>;
  const evaluate = (expression: string) => {
    const result = run(expression, input, { funcs: [...strings] });
    if (typeof result !== 'boolean') throw new Error(`${expression} gave ${String(result)}, not a boolean`);
    return result;
  };
  if (evaluate(NAMESPACE_POLICY_CEL.applies) !== true) return undefined;
  if (evaluate(NAMESPACE_POLICY_CEL.labelled) !== true) return 'labelled';
  if (evaluate(NAMESPACE_POLICY_CEL.exceptionHasReason) !== true) return 'exceptionHasReason';
  return undefined;
}

describe('the cluster-wide namespace policy (ValidatingAdmissionPolicy)', () => {
  it('refuses a namespace created without an enforce level, or below restricted without a reason', () => {
    expect(admission('CREATE', ns('scratch'))).toBe('labelled');
    expect(admission('CREATE', ns('scratch', { team: 'x' }))).toBe('labelled');
    expect(admission('CREATE', ns('scratch', { [ENFORCE]: 'permissive' }))).toBe('labelled');
    expect(admission('CREATE', ns('agent', { [ENFORCE]: 'privileged' }))).toBe('exceptionHasReason');
    expect(admission('CREATE', ns('agent', { [ENFORCE]: 'privileged' }, { [EXCEPTION]: 'ok' }))).toBe(
      'exceptionHasReason',
    );
  });

  it('admits restricted namespaces and reasoned exceptions', () => {
    expect(admission('CREATE', ns('field-tm', { [ENFORCE]: 'restricted' }))).toBeUndefined();
    const reason = { [EXCEPTION]: 'The node exporter reads host /proc and /sys.' };
    expect(admission('CREATE', ns('node-exporter', { [ENFORCE]: 'privileged' }, reason))).toBeUndefined();
  });

  it("leaves the cloud's kube-* namespaces and updates that keep the level alone", () => {
    expect(admission('CREATE', ns('kube-lease-extra'))).toBeUndefined();
    expect(admission('UPDATE', ns('legacy', { team: 'y' }), ns('legacy'))).toBeUndefined();
    expect(
      admission('UPDATE', ns('apps', { [ENFORCE]: 'restricted', a: 'b' }), ns('apps', { [ENFORCE]: 'restricted' })),
    ).toBeUndefined();
  });

  it('refuses an update that lowers the level without a reason', () => {
    expect(admission('UPDATE', ns('apps', { [ENFORCE]: 'privileged' }), ns('apps', { [ENFORCE]: 'restricted' }))).toBe(
      'exceptionHasReason',
    );
  });

  it('is delivered with a Deny binding, and labels the default namespace restricted', () => {
    const stack = new AppsStack(Testing.app(), 'test-apps', {
      backend: { type: 'local' },
      cluster: fakeCluster([]),
      platform: TEST_PLATFORM,
    });
    const doc = JSON.parse(Testing.synth(stack)) as StackDocument;
    const release = Object.values(doc.resource?.helm_release ?? {}).find((r) => r.name === 'pod-security-policy');
    const objects = (JSON.parse((release?.values as string[])[0]) as { objects: Block[] }).objects;
    expect(objects.map((o) => o.kind)).toEqual(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
    expect(objects[0].spec).toMatchObject({ failurePolicy: 'Fail' });
    expect(objects[1].spec).toEqual({ policyName: 'hot-namespace-pod-security', validationActions: ['Deny'] });
    const labels = Object.values(doc.resource?.kubernetes_labels ?? {});
    expect(labels).toEqual([
      expect.objectContaining({
        api_version: 'v1',
        kind: 'Namespace',
        metadata: { name: 'default' },
        labels: {
          [ENFORCE]: 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      }),
    ]);
  });
});
