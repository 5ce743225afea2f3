import { HotError } from './errors';

/** Exact SemVer 2.0 (an optional leading "v", as cert-manager and dragonfly publish), no ranges. */
export const EXACT_CHART_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Helm stores release names in labels and Secret names: 53 characters at most. */
export const MAX_RELEASE_NAME = 53;
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Settings every release shares: roll back a failed upgrade, bounded waits, no surprise namespaces. */
export const RELEASE_DEFAULTS = {
  atomic: true,
  cleanupOnFail: true,
  wait: true,
  timeout: 600,
  createNamespace: false,
  maxHistory: 5,
} as const;

export function checkReleaseName(name: string, setting: string): void {
  if (name.length > MAX_RELEASE_NAME) {
    throw new HotError({
      setting: `${setting}.releaseName`,
      value: name,
      fix: `is ${name.length} characters; Helm allows ${MAX_RELEASE_NAME}, use a shorter name`,
    });
  }
  if (!RELEASE_NAME.test(name)) {
    throw new HotError({
      setting: `${setting}.releaseName`,
      value: name,
      fix: 'must be lower-case letters, digits and -',
    });
  }
}

export function checkChartVersion(version: string, setting: string): void {
  if (!EXACT_CHART_VERSION.test(version)) {
    throw new HotError({
      setting: `${setting}.version`,
      value: version,
      fix: 'is not an exact chart version; pin one like "1.2.3" from the chart\'s repository',
    });
  }
}
