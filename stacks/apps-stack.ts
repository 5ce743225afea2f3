import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { installAddOns } from '../lib/addons/install';
import { afterPlatformAddOns } from '../lib/addons/platform-first';
import { platformAddOns } from '../lib/addons/platform';
import type { PlatformSettings } from '../lib/addons/settings';
import type { BackendConfig } from '../lib/config/schema';
import type { AddOn } from '../lib/contracts/addon';
import type { ClusterDescription } from '../lib/contracts/cluster';
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
}

/**
 * `<env>-apps`: everything inside the cluster. It uses only the cluster description and never branches on
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
    installAddOns(
      this,
      [
        ...platform,
        ...afterPlatformAddOns(platform, props.addOns ?? platformAddOns(this, props.cluster, props.platform)),
      ],
      props.cluster,
    );
    attachPolicyChecks(this);
  }
}
