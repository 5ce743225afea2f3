import { EXACT_CHART_VERSION } from '../../core/helm';
import { blocks } from '../read';
import type { PolicyRule } from '../types';

/** The project's own charts travel with the synthesized stack as cdktf assets. */
const LOCAL_CHART = /^assets\//;

export const helmRules: PolicyRule[] = [
  {
    id: 'HOT-HELM-001',
    title: 'Helm releases pin an exact chart version',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) =>
      typeof config.version === 'string' && EXACT_CHART_VERSION.test(config.version)
        ? undefined
        : `version ${JSON.stringify(config.version)} is not an exact chart version like "1.2.3"`,
  },
  {
    id: 'HOT-HELM-002',
    title: 'Helm charts come from an https or oci repository, or from the project itself',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) => {
      const repository = config.repository;
      if (repository === undefined) {
        return LOCAL_CHART.test(String(config.chart))
          ? undefined
          : 'chart has no repository and is not a project chart';
      }
      return /^(https|oci):\/\//.test(String(repository))
        ? undefined
        : `repository ${String(repository)} is not https:// or oci://`;
    },
  },
  {
    id: 'HOT-HELM-003',
    title: 'Helm releases are atomic with a timeout, so a failed upgrade rolls back',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) => {
      if (config.atomic !== true) return 'atomic must be true';
      return typeof config.timeout === 'number' && config.timeout > 0 ? undefined : 'timeout must be set in seconds';
    },
  },
  {
    id: 'HOT-HELM-004',
    title: 'Helm release names fit in 53 characters',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) =>
      String(config.name).length <= 53 ? undefined : `name is ${String(config.name).length} characters; Helm allows 53`,
  },
  {
    id: 'HOT-HELM-007',
    title: 'Sensitive Helm values are set under names the helm provider hides (no escaped dots)',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.helm_release'],
    check: ({ config }) => {
      // helm provider 3.1.1 cloaks a set_sensitive value in the release's stored metadata only when its name
      // splits on every dot; under `a\\.b` the value is stored in clear.
      const escaped = blocks(config.set_sensitive)
        .map((s) => String(s.name))
        .filter((name) => name.includes('\\.'));
      return escaped.length > 0
        ? `set_sensitive ${escaped.join(', ')} has an escaped dot and would be stored in clear in the release metadata; put the secret in a Kubernetes Secret the chart reads`
        : undefined;
    },
  },
];
