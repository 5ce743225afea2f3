import type { ClusterDescription } from '../../contracts/cluster';
import { WORKLOADS } from '../../contracts/workloads';
import { onCorePool, podLabelsFor, resources, serviceAccountFor } from '../common';
import { HelmAddOn } from '../helm-addon';

export interface ExternalDnsAddOnProps {
  /** `upsert-only` never deletes a record, so two environments cannot erase each other's. */
  readonly policy: 'upsert-only' | 'sync';
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
    });
    this.policy = props.policy;
  }

  protected override defaultValues(cluster: ClusterDescription): Record<string, unknown> {
    return {
      provider: { name: cluster.dns.provider },
      sources: ['service', 'ingress', 'gateway-httproute'],
      policy: this.policy,
      registry: 'txt',
      txtOwnerId: cluster.environment,
      domainFilters: [cluster.dns.baseDomain],
      extraArgs: [...(cluster.dns.externalDns?.extraArgs ?? [])],
      env: (cluster.dns.externalDns?.env ?? []).map((e) => ({ ...e })),
      serviceAccount: { create: true, ...serviceAccountFor(cluster, 'external-dns') },
      podLabels: podLabelsFor(cluster, 'external-dns'),
      resources: resources('20m', '128Mi'),
      ...onCorePool(cluster),
    };
  }
}
