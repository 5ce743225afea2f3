import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import type { Construct } from 'constructs';
import type { ClusterDescription } from '../../contracts/cluster';
import type { HotNamespace } from '../../core/namespace';
import { WORKLOADS } from '../../contracts/workloads';
import { dnsApiTokenSecret } from '../dns-api-token';
import { onCorePool, podLabelsFor, resources, serviceAccountFor } from '../common';
import { HelmAddOn } from '../helm-addon';

export interface ExternalDnsAddOnProps {
  /** `upsert-only` never deletes a record, so two environments cannot erase each other's. */
  readonly policy: 'upsert-only' | 'sync';
}

const CONFIG_MAP = 'external-dns-provider-config';

/** Mounts the contract's provider configuration files (e.g. Azure's azure.json) from a ConfigMap. */
function configFileValues(cluster: ClusterDescription): Record<string, unknown> {
  const config = cluster.dns.externalDns?.configFiles;
  if (!config) return {};
  return {
    extraVolumes: [{ name: 'provider-config', configMap: { name: CONFIG_MAP } }],
    extraVolumeMounts: [{ name: 'provider-config', mountPath: config.mountPath, readOnly: true }],
  };
}

/**
 * external-dns for the contract's DNS provider and zone. Records carry a TXT owner id per environment, so a
 * failover rehearsal on another cloud never takes over production's records.
 */
export class ExternalDnsAddOn extends HelmAddOn {
  private readonly policy: ExternalDnsAddOnProps['policy'];

  constructor(props: ExternalDnsAddOnProps) {
    super({
      id: 'external-dns',
      chart: 'external-dns',
      repository: 'https://kubernetes-sigs.github.io/external-dns/',
      version: '1.21.1',
      namespace: WORKLOADS['external-dns'].namespace,
      // The cloud's DNS API.
      network: { internet: true, cloudIdentity: true },
    });
    this.policy = props.policy;
  }

  protected override beforeRelease(scope: Construct, cluster: ClusterDescription, namespace?: HotNamespace) {
    const config = cluster.dns.externalDns?.configFiles;
    const dependsOn = namespace ? [namespace.namespace] : undefined;
    const token = dnsApiTokenSecret(scope, cluster, WORKLOADS['external-dns'].namespace, dependsOn);
    return [
      ...(config
        ? [
            new ConfigMapV1(scope, 'provider-config', {
              metadata: { name: CONFIG_MAP, namespace: WORKLOADS['external-dns'].namespace },
              data: { ...config.files },
              dependsOn,
            }),
          ]
        : []),
      ...(token ? [token] : []),
    ];
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      provider: {
        name: cluster.dns.provider,
        ...(cluster.dns.externalDns?.webhook ? { webhook: { ...cluster.dns.externalDns.webhook } } : {}),
      },
      sources: ['service', 'ingress', 'gateway-httproute'],
      policy: this.policy,
      registry: 'txt',
      txtOwnerId: cluster.environment,
      domainFilters: [cluster.dns.baseDomain],
      extraArgs: [...(cluster.dns.externalDns?.extraArgs ?? [])],
      env: (cluster.dns.externalDns?.env ?? []).map((e) => ({ ...e })),
      ...configFileValues(cluster),
      serviceAccount: { create: true, ...serviceAccountFor(cluster, 'external-dns') },
      podLabels: podLabelsFor(cluster, 'external-dns'),
      resources: resources('20m', '128Mi'),
      ...onCorePool(cluster),
    };
  }
}
