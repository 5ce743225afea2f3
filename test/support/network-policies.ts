import { parseCidr } from '../../lib/core/cidr';
import { block, blocks, strings } from '../../lib/policies/read';
import type { StackDocument } from '../../lib/policies/types';

/** One end of a connection: a pod of a namespace (with labels), or an address outside the pod network. */
export type Endpoint =
  | { readonly pod: { readonly namespace: string; readonly labels?: Readonly<Record<string, string>> } }
  | { readonly ip: string };

export interface Flow {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP';
}

type Block = Record<string, unknown>;

interface Policy {
  readonly namespace: string;
  readonly types: readonly string[];
  readonly ingress: readonly Block[];
  readonly egress: readonly Block[];
}

function toNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const block = parseCidr(cidr);
  if (!block) throw new Error(`bad CIDR ${cidr} in a policy`);
  const size = 2 ** (32 - block.prefix);
  const n = toNumber(ip);
  return n >= block.network && n < block.network + size;
}

function labelsMatch(selector: Block | undefined, labels: Readonly<Record<string, string>> = {}): boolean {
  if (!selector) return true;
  if (blocks(selector.match_expressions).length > 0) throw new Error('matchExpressions are not modelled');
  return Object.entries(block(selector.match_labels) ?? {}).every(([k, v]) => labels[k] === v);
}

/** Whether a peer of a rule in `namespace` selects the endpoint, as the NetworkPolicy API defines it. */
function peerMatches(peer: Block, endpoint: Endpoint, namespace: string): boolean {
  const ipBlock = block(peer.ip_block);
  if (ipBlock) {
    if (!('ip' in endpoint)) return false;
    return (
      inCidr(endpoint.ip, String(ipBlock.cidr)) && !strings(ipBlock.except).some((cidr) => inCidr(endpoint.ip, cidr))
    );
  }
  if (!('pod' in endpoint)) return false;
  const namespaceSelector = block(peer.namespace_selector);
  const podSelector = block(peer.pod_selector);
  const namespaceOk = namespaceSelector
    ? labelsMatch(namespaceSelector, { 'kubernetes.io/metadata.name': endpoint.pod.namespace })
    : endpoint.pod.namespace === namespace;
  return namespaceOk && labelsMatch(podSelector, endpoint.pod.labels);
}

function portMatches(rule: Block, flow: Flow): boolean {
  const ports = blocks(rule.ports);
  return (
    ports.length === 0 ||
    ports.some((p) => Number(p.port) === flow.port && (p.protocol ?? 'TCP') === (flow.protocol ?? 'TCP'))
  );
}

function ruleAllows(rule: Block, peers: unknown, other: Endpoint, namespace: string, flow: Flow): boolean {
  const list = blocks(peers);
  return portMatches(rule, flow) && (list.length === 0 || list.some((peer) => peerMatches(peer, other, namespace)));
}

/** The NetworkPolicies of an apps stack, evaluated as the API defines them (every pod selector here is `{}`). */
export class PolicyModel {
  private readonly policies: Policy[];

  constructor(document: StackDocument) {
    this.policies = Object.values(document.resource?.kubernetes_network_policy_v1 ?? {}).map((config) => {
      const spec = block(config.spec) ?? {};
      const selector = block(spec.pod_selector) ?? {};
      if (Object.keys(block(selector.match_labels) ?? {}).length > 0) throw new Error('pod selectors are not modelled');
      return {
        namespace: String(block(config.metadata)?.namespace),
        types: strings(spec.policy_types),
        ingress: blocks(spec.ingress),
        egress: blocks(spec.egress),
      };
    });
  }

  public namespaces(): string[] {
    return [...new Set(this.policies.map((p) => p.namespace))].sort();
  }

  public allows(flow: Flow): boolean {
    return this.side(flow, 'Egress') && this.side(flow, 'Ingress');
  }

  private side(flow: Flow, type: 'Ingress' | 'Egress'): boolean {
    const self = type === 'Egress' ? flow.from : flow.to;
    const other = type === 'Egress' ? flow.to : flow.from;
    if (!('pod' in self)) return true;
    const namespace = self.pod.namespace;
    const applying = this.policies.filter((p) => p.namespace === namespace && p.types.includes(type));
    if (applying.length === 0) return true;
    return applying.some((p) =>
      (type === 'Egress' ? p.egress : p.ingress).some((rule) =>
        ruleAllows(rule, type === 'Egress' ? rule.to : rule.from, other, namespace, flow),
      ),
    );
  }
}
