import { Annotations, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { installAddOns } from '../lib/addons/install';
import { hotApps } from '../lib/apps';
import type { AppsConfig } from '../lib/apps/config';
import { afterPlatformAddOns } from '../lib/addons/platform-first';
import { platformAddOns } from '../lib/addons/platform';
import type { PlatformSettings } from '../lib/addons/settings';
import type { BackendConfig } from '../lib/config/schema';
import type { AddOn } from '../lib/contracts/addon';
import type { ClusterDescription } from '../lib/contracts/cluster';
import { HotError } from '../lib/core/errors';
import { publishedHosts } from '../lib/core/published-hosts';
import { attachPolicyChecks } from '../lib/policies/attach';
import { configureBackend } from '../providers/backend';
import { createRandomProvider } from '../providers/random';
import { createTimeProvider } from '../providers/time';

export interface AppsStackProps {
  readonly backend: BackendConfig;
  /** The only thing this stack knows about the cluster under it. */
  readonly cluster: ClusterDescription;
  /** Cloud-neutral settings of the platform layer. */
  readonly platform: PlatformSettings;
  /** Add-ons after the cluster's own platform add-ons. @default platformAddOns(...) */
  readonly addOns?: readonly AddOn[];
  /** The HOT apps on top of the platform, with these settings. @default undefined (the platform alone) */
  readonly apps?: AppsConfig;
}

/**
 * `<env>-apps`: everything inside the cluster, the platform and then HOT's apps. It uses only the cluster description and never branches on
 * the cloud, so the same code runs on every flavour.
 */
export class AppsStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AppsStackProps) {
    super(scope, id);
    configureBackend(this, props.backend);
    props.cluster.kubernetesProviders(this);
    createRandomProvider(this);
    createTimeProvider(this);
    const platform = props.cluster.platformAddOns;
    const apps = props.apps ? hotApps(props.apps) : [];
    if (props.apps && !props.apps.smtp) {
      Annotations.of(this).addWarning(
        `${props.cluster.environment}: the apps send no mail (ODK Central's invitations and password resets); set apps.smtp`,
      );
    }
    installAddOns(
      this,
      [
        ...platform,
        ...afterPlatformAddOns(platform, [
          ...(props.addOns ??
            platformAddOns(this, props.cluster, props.platform, {
              kedaScaledNamespaces: apps.filter((a) => a.scaledByKeda).map((a) => a.namespace),
            })),
          ...apps,
        ]),
      ],
      props.cluster,
    );
    checkAliasTargets(this, props.cluster, props.platform.publicAliases);
    attachPolicyChecks(this);
  }
}

/** Every alias points at a host this stack publishes; the names that exist are listed when one does not. */
function checkAliasTargets(
  stack: TerraformStack,
  cluster: ClusterDescription,
  aliases: Readonly<Record<string, string>>,
) {
  const suffix = `.${cluster.dns.baseDomain}`;
  const services = publishedHosts(stack)
    .map((h) => h.host)
    .filter((host) => host.endsWith(suffix))
    .map((host) => host.slice(0, -suffix.length));
  const problems = Object.entries(aliases)
    .filter(([, service]) => !services.includes(service))
    .map(([alias, service]) => ({
      setting: `environments.${cluster.environment}.dns.publicAliases["${alias}"]`,
      value: service,
      fix: `is not a service ${cluster.environment} publishes; use one of ${[...services].sort().join(', ') || '(none: nothing is published)'}`,
    }));
  if (problems.length > 0) throw new HotError(problems);
}
