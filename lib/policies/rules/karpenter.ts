import type { PolicyRule } from '../types';

interface KubeObject {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
  readonly spec?: Record<string, unknown>;
}

/** Custom resources a helm_release of the objects chart delivers: `values[0]` is `{"objects":[...]}`. */
function objectsOf(config: Readonly<Record<string, unknown>>, kind: string): KubeObject[] {
  const values = Array.isArray(config.values) ? config.values : [];
  return values.flatMap((text) => {
    if (typeof text !== 'string') return [];
    try {
      const parsed = JSON.parse(text) as { objects?: unknown };
      return Array.isArray(parsed.objects) ? (parsed.objects as KubeObject[]).filter((o) => o?.kind === kind) : [];
    } catch {
      return [];
    }
  });
}

function failing(objects: KubeObject[], test: (spec: Record<string, unknown>) => boolean): string[] {
  return objects.filter((o) => !test(o.spec ?? {})).map((o) => `${o.kind}/${o.metadata?.name ?? '?'}`);
}

const PINNED_ALIAS = /^(al2023|bottlerocket|al2)@v?\d[\w.]*$/;

export const karpenterRules: PolicyRule[] = [
  {
    id: 'HOT-KARP-001',
    title: 'Karpenter nodes require IMDSv2 with hop limit 1 (pods cannot use the node role)',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) => {
      const bad = failing(objectsOf(config, 'EC2NodeClass'), (spec) => {
        const options = (spec.metadataOptions ?? {}) as Record<string, unknown>;
        return options.httpTokens === 'required' && options.httpPutResponseHopLimit === 1;
      });
      return bad.length > 0
        ? `${bad.join(', ')}: metadataOptions must set httpTokens required and hop limit 1`
        : undefined;
    },
  },
  {
    id: 'HOT-KARP-002',
    title: 'Karpenter node volumes are encrypted',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) => {
      const bad = failing(objectsOf(config, 'EC2NodeClass'), (spec) => {
        const mappings = Array.isArray(spec.blockDeviceMappings)
          ? (spec.blockDeviceMappings as Record<string, unknown>[])
          : [];
        return (
          mappings.length > 0 &&
          mappings.every((m) => (m.ebs as Record<string, unknown> | undefined)?.encrypted === true)
        );
      });
      return bad.length > 0 ? `${bad.join(', ')}: every blockDeviceMappings ebs must be encrypted` : undefined;
    },
  },
  {
    id: 'HOT-KARP-003',
    title: 'Karpenter node images are pinned to a release, never @latest',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) => {
      const bad = failing(objectsOf(config, 'EC2NodeClass'), (spec) => {
        const terms = Array.isArray(spec.amiSelectorTerms) ? (spec.amiSelectorTerms as Record<string, unknown>[]) : [];
        return terms.length > 0 && terms.every((t) => t.id !== undefined || PINNED_ALIAS.test(String(t.alias)));
      });
      return bad.length > 0
        ? `${bad.join(', ')}: amiSelectorTerms must pin an alias like al2023@v20261112 or an AMI id`
        : undefined;
    },
  },
  {
    id: 'HOT-KARP-004',
    title: 'Karpenter NodePools cap cpu and memory, so a runaway workload cannot buy unbounded capacity',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) => {
      const bad = failing(objectsOf(config, 'NodePool'), (spec) => {
        const limits = (spec.limits ?? {}) as Record<string, unknown>;
        return limits.cpu !== undefined && limits.memory !== undefined;
      });
      return bad.length > 0 ? `${bad.join(', ')}: spec.limits must set cpu and memory` : undefined;
    },
  },
];
