import { Annotations } from 'cdktf';
import type { Construct } from 'constructs';
import type { AddOn } from '../contracts/addon';
import type { ClusterDescription } from '../contracts/cluster';
import { adminExposure } from './admin-access';
import { ArgoWorkflowsAddOn } from './argo-workflows';
import { ArgoCdAddOn } from './argocd';
import { CertManagerAddOn } from './cert-manager';
import { CloudNativePgAddOn } from './cloudnative-pg';
import { ExternalDnsAddOn } from './external-dns';
import { GatewayApiCrdsAddOn } from './gateway-api-crds';
import { GatewayTlsAddOn } from './gateway-tls';
import { GpuAddOn } from './gpu';
import { HeadlampAddOn } from './headlamp';
import { IngressAddOn } from './ingress';
import { KedaAddOn } from './keda';
import { MetricsServerAddOn } from './metrics-server';
import { MonitoringAddOn } from './monitoring';
import { OpenCostAddOn } from './opencost';
import { PodSecurityAddOn } from './pod-security';
import { PrometheusOperatorCrdsAddOn } from './prometheus-operator-crds';
import { PublicAliasesAddOn } from './public-aliases';
import type { PlatformSettings } from './settings';
import { StorageClassesAddOn } from './storage-classes';
import { TenancyAddOn } from './tenancy';
import { VeleroAddOn, veleroLocationOf } from './velero';

/** Add-ons whose presence the contract decides (a GPU pool, the cloud's own metrics-server, drivable DNS). */
export const CAPABILITY_ADDONS = ['metrics-server', 'gpu', 'external-dns', 'gateway-tls'] as const;

/**
 * The platform layer every environment gets, identical on every cloud. Choices follow the contract's
 * capabilities (a GPU pool, a metrics-server of the cloud's own), never the cloud's name. Notes about
 * what is left out are attached to `scope` as synth warnings.
 */
export interface PlatformAddOnsOptions {
  /** App namespaces KEDA scales something in (its operator reads their queues). @default [] */
  readonly kedaScaledNamespaces?: readonly string[];
}

export function platformAddOns(
  scope: Construct,
  cluster: ClusterDescription,
  settings: PlatformSettings,
  options: PlatformAddOnsOptions = {},
): AddOn[] {
  const adminAccess = adminExposure(settings.adminAccess);
  const addOns: AddOn[] = [
    new PodSecurityAddOn(),
    new StorageClassesAddOn(),
    new TenancyAddOn({ readOnlyGroups: settings.readOnlyGroups }),
    new GatewayApiCrdsAddOn(),
    new IngressAddOn({ adminAllowedCidrs: adminAccess.allowedCidrs }),
    new CertManagerAddOn({ acmeEmail: settings.acmeEmail }),
    new PrometheusOperatorCrdsAddOn(),
    new MonitoringAddOn({ alerts: settings.alerts, adminAccess }),
    new KedaAddOn({ scaledNamespaces: options.kedaScaledNamespaces }),
    new CloudNativePgAddOn(),
    new OpenCostAddOn(),
    new ArgoWorkflowsAddOn(),
    new ArgoCdAddOn(adminAccess),
  ];
  const headlamp = new HeadlampAddOn(adminAccess);
  addOns.push(headlamp);
  if (adminAccess.sso && headlamp.signIn(cluster) === 'service-account') {
    Annotations.of(scope).addWarning(
      `${cluster.environment}: Headlamp cannot sign people in with platform.adminAccess.sso because the API server does not trust that issuer and client; it reads the cluster with its own read-only ServiceAccount and is published only behind platform.adminAccess.allowedCidrs${adminAccess.allowedCidrs.length > 0 ? '' : ' (none set: not published)'}`,
    );
  }
  if (!adminAccess.published) {
    Annotations.of(scope).addWarning(
      `${cluster.environment}: Argo CD, Grafana and Headlamp are not published (no platform.adminAccess.sso or allowedCidrs); reach them with kubectl port-forward`,
    );
  }
  if (!cluster.capabilities.metricsServer) addOns.push(new MetricsServerAddOn());
  if (cluster.dns.dns01Solver) {
    addOns.push(new GatewayTlsAddOn());
  } else {
    Annotations.of(scope).addWarning(
      `${cluster.environment}: no Gateway is created because the cluster cannot solve DNS-01 for ${cluster.dns.baseDomain}, which its wildcard certificate needs; apps publish through Ingress`,
    );
  }
  if (cluster.dns.externalDns) {
    addOns.push(new ExternalDnsAddOn({ policy: settings.externalDnsPolicy }));
  } else {
    Annotations.of(scope).addWarning(
      `${cluster.environment}: external-dns is not installed because the cluster cannot drive the ${cluster.dns.provider} zone; create the records for ${cluster.dns.baseDomain} by hand`,
    );
  }
  if (Object.keys(settings.publicAliases).length > 0) addOns.push(new PublicAliasesAddOn(settings.publicAliases));
  if (!cluster.capabilities.networkPolicy) {
    Annotations.of(scope).addWarning(
      `${cluster.environment}: the network plugin does not enforce NetworkPolicies; tenant namespaces are isolated only on paper`,
    );
  }
  if (veleroLocationOf(cluster)) {
    addOns.push(
      new VeleroAddOn({
        schedule: settings.backupSchedule,
        retentionDays: settings.backupRetentionDays,
        restoreFrom: settings.restoreFrom,
      }),
    );
  } else {
    Annotations.of(scope).addWarning(
      `${cluster.environment}: Velero is not installed because the cluster provides no backup location`,
    );
  }
  if (cluster.nodePools.gpu) {
    addOns.push(new GpuAddOn(cluster.nodePools.gpu));
  } else {
    Annotations.of(scope).addWarning(
      `${cluster.environment}: the cluster has no GPU pool; GPU workloads (fAIr inference and training) must run on CPU or stay disabled`,
    );
  }
  return addOns;
}
