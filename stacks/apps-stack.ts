import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { installAddOns } from '../lib/addons/install';
import { StorageClassesAddOn } from '../lib/addons/storage-classes';
import type { BackendConfig } from '../lib/config/schema';
import type { AddOn } from '../lib/contracts/addon';
import type { ClusterDescription } from '../lib/contracts/cluster';
import { attachPolicyChecks } from '../lib/policies/attach';
import { configureBackend } from '../providers/backend';

export interface AppsStackProps {
  readonly backend: BackendConfig;
  /** The only thing this stack knows about the cluster under it. */
  readonly cluster: ClusterDescription;
  /** Add-ons after the cluster's own platform add-ons. @default defaultAddOns() */
  readonly addOns?: readonly AddOn[];
}

/** The platform add-ons every environment gets, whatever its cloud. */
export function defaultAddOns(): AddOn[] {
  return [new StorageClassesAddOn()];
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
    installAddOns(this, [...props.cluster.platformAddOns, ...(props.addOns ?? defaultAddOns())], props.cluster);
    attachPolicyChecks(this);
  }
}
