import { loadEnvironments } from '../../lib/config/load';
import { releasesOf } from '../support/releases';
import { synthEnvironments, withAdminAccess } from '../support/synth';
import { chartValuesDir, unknownValueKeys } from '../support/values-keys';

/** Kubernetes objects the charts pass through whole (`toYaml` of the value), and keys templates read unlisted. */
const FREE_FORM = [
  ...['', 'provider.webhook.'].flatMap((at) => [`${at}env.`, `${at}securityContext.`]),
  'podSecurityContext.',
  'containerSecurityContext.',
  'nodeSelector.',
  'podLabels.',
  'ingress.annotations.',
  // cert-manager-webhook-hetzner 0.9.0: templates/poddisruptionbudget.yaml reads it; values.yaml has it commented.
  'podDisruptionBudget.maxUnavailable',
];

/**
 * The releases of the DNS and dashboard add-ons, checked key by key against the chart's values.yaml at the pinned
 * version (the unpacked chart sources, or ../shared/reference when it holds that version); skipped, not passed,
 * where neither is at hand.
 */
describe('DNS and dashboard releases: every key the project sets exists in the chart', () => {
  const defaults = synthEnvironments(loadEnvironments({ env: {} })).documents;
  const published = synthEnvironments(loadEnvironments({ env: {}, context: withAdminAccess() })).documents;
  const cases = [
    ['aws-prod-apps', 'headlamp', defaults],
    ['hetzner-dr-apps', 'headlamp', published],
    ['aws-prod-apps', 'external-dns', defaults],
    ['hetzner-dr-apps', 'external-dns', defaults],
    ['hetzner-dr-apps', 'cert-manager-webhook-hetzner', defaults],
  ] as const;
  for (const [stack, name, documents] of cases) {
    const found = releasesOf(documents[stack]).find((r) => r.name === name);
    const dir = found && chartValuesDir(found.chart, found.version);
    (dir ? it : it.skip)(`${stack} ${name}`, () => {
      if (!found || !dir) return;
      expect(unknownValueKeys(found.values, dir, FREE_FORM)).toEqual([]);
      expect(unknownValueKeys({ ...found.values, replicaCuont: 2 }, dir, FREE_FORM)).toEqual(['replicaCuont']);
    });
  }
});
