import { parseAllDocuments } from 'yaml';
import { cidrsOverlap, parseCidr, type Ipv4Cidr } from '../../core/cidr';
import { retiredServerType } from '../../hetzner/server-types';
import { block, blocks, lifecycleOf, strings, truthy } from '../read';
import type { PolicyRule } from '../types';

/** The only ports the flavour opens to the internet: the Kubernetes API and the Talos API. */
const OPEN_PORTS = new Set(['6443', '50000']);
const EVERYWHERE = new Set(['0.0.0.0/0', '::/0']);

type Yaml = Record<string, unknown>;

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c) as Ipv4Cidr);
/** A CIDR inside RFC 1918 space: no packet from the internet has such a source. */
function isPrivate(text: string): boolean {
  const cidr = parseCidr(text);
  return cidr !== undefined && PRIVATE_RANGES.some((range) => range.prefix <= cidr.prefix && cidrsOverlap(range, cidr));
}

/** Rules read the same patches; parse each configuration once per synth. */
const parsed = new WeakMap<object, (Yaml | undefined)[]>();

/**
 * Every document of every config patch of a talos machine configuration (or of a node's apply), parsed; a
 * document that is not a YAML mapping becomes undefined. A patch may hold several documents: a v1alpha1 patch
 * (no `kind`) and typed ones (VolumeConfig, HostnameConfig).
 */
function documentsOf(config: Readonly<Record<string, unknown>>): (Yaml | undefined)[] {
  const cached = parsed.get(config);
  if (cached) return cached;
  const documents = strings(config.config_patches).flatMap((text) => {
    try {
      return parseAllDocuments(text).map((document) => {
        if (document.errors.length > 0) return undefined;
        const value: unknown = document.toJS();
        return typeof value === 'object' && value !== null ? (value as Yaml) : undefined;
      });
    } catch {
      return [undefined];
    }
  });
  parsed.set(config, documents);
  return documents;
}

/** The v1alpha1 patch documents (no `kind`), in order. */
function patchesOf(config: Readonly<Record<string, unknown>>): (Yaml | undefined)[] {
  return documentsOf(config).filter((d) => d === undefined || d.kind === undefined);
}

/** The typed documents of a kind (and name), in order. */
function typedDocuments(config: Readonly<Record<string, unknown>>, kind: string, name?: string): Yaml[] {
  return documentsOf(config).filter(
    (d): d is Yaml => d !== undefined && d.kind === kind && (name === undefined || d.name === name),
  );
}

/** A path looked up in every patch; the last patch that sets it wins, as in Talos' merge. */
function lookup(patches: (Yaml | undefined)[], path: readonly string[]): unknown {
  let found: unknown;
  for (const patch of patches) {
    let here: unknown = patch;
    for (const key of path) here = typeof here === 'object' && here !== null ? (here as Yaml)[key] : undefined;
    if (here !== undefined) found = here;
  }
  return found;
}

function luks2(value: unknown): boolean {
  const encryption = value as { provider?: unknown; keys?: unknown } | undefined;
  return encryption?.provider === 'luks2' && blocks(encryption.keys).length > 0;
}

/** Resources whose bodies carry credentials: the audit log must never hold them (`group/resource`). */
const CREDENTIAL_RESOURCES = [
  '/secrets',
  '/configmaps',
  '/serviceaccounts/token',
  'authentication.k8s.io/tokenreviews',
];

/** The level of the first audit rule matching a write to `group/resource`, as the API server picks it. */
function auditLevel(rules: readonly Yaml[], groupResource: string): string {
  const [group, ...rest] = groupResource.split('/');
  const resource = rest.join('/');
  const rule = rules.find(
    (r) =>
      r.nonResourceURLs === undefined &&
      (r.verbs === undefined || strings(r.verbs).includes('create')) &&
      (r.resources === undefined ||
        blocks(r.resources).some((g) => (g.group ?? '') === group && strings(g.resources).includes(resource))),
  );
  return String(rule?.level ?? 'None');
}

export const hetznerRules: PolicyRule[] = [
  {
    id: 'HOT-HCLOUD-001',
    title: 'Hetzner firewalls open only the Kubernetes and Talos APIs, and never to the whole internet',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.hcloud_firewall'],
    check: ({ config }) => {
      for (const rule of blocks(config.rule).filter((r) => r.direction === 'in')) {
        if (rule.protocol === 'icmp' && strings(rule.source_ips).every(isPrivate)) continue;
        if (!OPEN_PORTS.has(String(rule.port))) return `inbound port ${String(rule.port)} is not 6443 or 50000`;
        const sources = strings(rule.source_ips);
        if (sources.length === 0 || sources.some((ip) => EVERYWHERE.has(ip))) {
          return `inbound port ${String(rule.port)} is open to the whole internet; list the allowed CIDRs`;
        }
      }
      return undefined;
    },
  },
  {
    id: 'HOT-HCLOUD-002',
    title: 'Hetzner servers sit on the private network behind a firewall',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.hcloud_server'],
    check: ({ config }) => {
      if (!blocks(config.network).some((n) => n.network_id !== undefined))
        return 'has no network block with network_id';
      return strings(config.firewall_ids).length > 0 || blocks(config.firewall_ids).length > 0
        ? undefined
        : 'has no firewall_ids';
    },
  },
  {
    id: 'HOT-HCLOUD-003',
    title: 'Control-plane servers are protected against deletion and rebuild, in Hetzner and in Terraform',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.hcloud_server'],
    check: ({ config }) => {
      if (block(config.labels)?.role !== 'control-plane') return undefined;
      const missing = [
        truthy(config.delete_protection) ? undefined : 'delete_protection',
        truthy(config.rebuild_protection) ? undefined : 'rebuild_protection',
        truthy(lifecycleOf(config).prevent_destroy) ? undefined : 'lifecycle.prevent_destroy',
      ].filter((name): name is string => name !== undefined);
      return missing.length > 0 ? `${missing.join(', ')} must be true on a control-plane server` : undefined;
    },
  },
  {
    id: 'HOT-HCLOUD-004',
    title: 'Hetzner networks and load balancers have delete protection on',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.hcloud_network', 'resource.hcloud_load_balancer'],
    check: ({ config }) => (truthy(config.delete_protection) ? undefined : 'delete_protection must be true'),
  },
  {
    id: 'HOT-HCLOUD-005',
    title: 'The API load balancer has no public interface (Hetzner load balancers take no firewall)',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.hcloud_load_balancer_network'],
    check: ({ config }) =>
      config.enable_public_interface === false || config.enable_public_interface === 'false'
        ? undefined
        : 'enable_public_interface must be false',
  },
  {
    id: 'HOT-HCLOUD-006',
    title: 'Talos image lookups fail with a message that names the snapshot and the command that creates it',
    checkov: [],
    trivy: [],
    appliesTo: ['data.hcloud_images'],
    check: ({ config }) =>
      blocks(lifecycleOf(config).postcondition).some((p) => String(p.error_message).includes('hcloud-upload-image'))
        ? undefined
        : 'needs a lifecycle postcondition whose error_message gives the hcloud-upload-image command',
  },
  {
    id: 'HOT-TALOS-001',
    title:
      'Talos nodes run the kubelet for an external cloud provider, with serving-cert rotation, on the private network',
    checkov: [],
    trivy: [],
    appliesTo: ['data.talos_machine_configuration'],
    check: ({ config }) => {
      const patches = patchesOf(config);
      if (patches.some((p) => p === undefined)) return 'a config patch is not a YAML mapping';
      if (lookup(patches, ['cluster', 'externalCloudProvider', 'enabled']) !== true) {
        return 'cluster.externalCloudProvider.enabled must be true';
      }
      if (lookup(patches, ['machine', 'kubelet', 'extraArgs', 'rotate-server-certificates']) !== 'true') {
        return 'machine.kubelet.extraArgs.rotate-server-certificates must be "true"';
      }
      return strings(lookup(patches, ['machine', 'kubelet', 'nodeIP', 'validSubnets'])).length > 0
        ? undefined
        : 'machine.kubelet.nodeIP.validSubnets must name the node subnet';
    },
  },
  {
    id: 'HOT-TALOS-002',
    title: 'Talos encrypts the STATE and EPHEMERAL partitions (VolumeConfig, not the deprecated systemDiskEncryption)',
    checkov: [],
    trivy: [],
    appliesTo: ['data.talos_machine_configuration'],
    check: ({ config }) => {
      const missing = ['STATE', 'EPHEMERAL'].filter(
        (volume) => !luks2(typedDocuments(config, 'VolumeConfig', volume).at(-1)?.encryption),
      );
      return missing.length > 0
        ? `a VolumeConfig document for ${missing.join(' and ')} must encrypt with luks2 and a key`
        : undefined;
    },
  },
  {
    id: 'HOT-TALOS-003',
    title: 'Talos control planes enforce Pod Security, keep an audit log and list the API endpoint in their SANs',
    checkov: [],
    trivy: [],
    appliesTo: ['data.talos_machine_configuration'],
    check: ({ config }) => {
      if (config.machine_type !== 'controlplane') return undefined;
      const patches = patchesOf(config);
      const admission = blocks(lookup(patches, ['cluster', 'apiServer', 'admissionControl']));
      const podSecurity = admission.find((a) => a.name === 'PodSecurity');
      const defaults = block(block(podSecurity?.configuration)?.defaults);
      if (defaults?.enforce !== 'restricted' && defaults?.enforce !== 'baseline') {
        return 'cluster.apiServer.admissionControl must enforce Pod Security baseline or restricted';
      }
      if (blocks(block(lookup(patches, ['cluster', 'apiServer', 'auditPolicy']))?.rules).length === 0) {
        return 'cluster.apiServer.auditPolicy must have rules';
      }
      const host = /^https:\/\/([^:/]+)/.exec(String(config.cluster_endpoint))?.[1];
      return host && strings(lookup(patches, ['cluster', 'apiServer', 'certSANs'])).includes(host)
        ? undefined
        : `cluster.apiServer.certSANs must include the endpoint host ${host ?? '(none)'}`;
    },
  },
  {
    id: 'HOT-TALOS-004',
    title: 'Talos 1.12+ nodes get their hostname from a HostnameConfig document, never machine.network.hostname',
    checkov: [],
    trivy: [],
    appliesTo: ['data.talos_machine_configuration', 'resource.talos_machine_configuration_apply'],
    check: ({ config }) => {
      return lookup(patchesOf(config), ['machine', 'network', 'hostname']) === undefined
        ? undefined
        : 'a patch sets machine.network.hostname, which Talos 1.12+ refuses next to its generated HostnameConfig ("static hostname is already set"); use a HostnameConfig document';
    },
  },
  {
    id: 'HOT-HCLOUD-007',
    title: 'Hetzner servers use a server type Hetzner still sells',
    checkov: [],
    trivy: [],
    appliesTo: ['resource.hcloud_server'],
    check: ({ config }) => {
      const retired = retiredServerType(String(config.server_type));
      return retired ? `server_type "${String(config.server_type)}" ${retired}` : undefined;
    },
  },
  {
    id: 'HOT-TALOS-005',
    title: "Talos installs and upgrades with the hcloud platform's installer, which carries its kernel arguments",
    checkov: [],
    trivy: [],
    appliesTo: ['data.talos_machine_configuration'],
    check: ({ config }) => {
      const image = String(lookup(patchesOf(config), ['machine', 'install', 'image']) ?? '');
      return image.startsWith('factory.talos.dev/hcloud-installer/')
        ? undefined
        : `machine.install.image is "${image}"; use factory.talos.dev/hcloud-installer/<schematic>:<version>, or an upgrade boots the node as the metal platform`;
    },
  },
  {
    id: 'HOT-TALOS-006',
    title: 'the Talos audit policy logs Secrets, ConfigMaps, TokenRequests and TokenReviews at Metadata at most',
    checkov: [],
    trivy: [],
    appliesTo: ['data.talos_machine_configuration'],
    check: ({ config }) => {
      if (config.machine_type !== 'controlplane') return undefined;
      const rules = blocks(block(lookup(patchesOf(config), ['cluster', 'apiServer', 'auditPolicy']))?.rules);
      const logged = CREDENTIAL_RESOURCES.filter((r) => ['Request', 'RequestResponse'].includes(auditLevel(rules, r)));
      return logged.length === 0
        ? undefined
        : `cluster.apiServer.auditPolicy logs the bodies of ${logged.join(', ')}, which carry credentials; put a Metadata rule for them before any Request or RequestResponse rule`;
    },
  },
  {
    id: 'HOT-TALOS-007',
    title: 'no Talos inline manifest carries a Secret (the machine configuration is stored on every node)',
    checkov: [],
    trivy: [],
    appliesTo: ['data.talos_machine_configuration'],
    check: ({ config }) => {
      const manifests = blocks(lookup(patchesOf(config), ['cluster', 'inlineManifests']));
      const secrets = manifests.filter((m) => /^kind:\s*["']?Secret["']?\s*$/m.test(String(m.contents ?? '')));
      return secrets.length === 0
        ? undefined
        : `cluster.inlineManifests ${secrets.map((m) => String(m.name)).join(', ')} holds a Secret, which every node stores and Talos admins can read; create it from a sensitive variable of the apps stack`;
    },
  },
];
