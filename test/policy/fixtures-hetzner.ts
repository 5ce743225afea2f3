import { commonPatch, controlPlanePatch, renderPatch, volumeEncryption } from '../../lib/hetzner/talos/patches';
import type { StackDocument } from '../../lib/policies/types';
import type { FixturePair } from './fixtures';

/** Fixtures of the Hetzner + Talos rules (lib/policies/rules/hetzner.ts), shaped like hetzner-dr. */
export const HETZNER_NAMES = {
  firewall: 'firewall_25E5106D',
  server: 'control-plane_server-1_BC7B5271',
  network: 'network_C8AC2FB3',
  loadBalancer: 'api-load-balancer_69E902D6',
  loadBalancerNetwork: 'api-load-balancer_network_B1CB5BDC',
  images: 'talos-image-x86_snapshots_7B23A547',
  controlPlaneConfiguration: 'talos-cluster_control-plane-configuration_7D0329E0',
  coreConfiguration: 'talos-cluster_core-configuration_3C1B2A90',
} as const;

type Block = Record<string, unknown>;

const NETWORK_ID = `\${hcloud_network.${HETZNER_NAMES.network}.id}`;

function resource(type: string, name: string, config: Block): StackDocument {
  return { resource: { [type]: { [name]: config } } };
}

function firewall(sourceIps: string[], port = '6443'): StackDocument {
  return resource('hcloud_firewall', HETZNER_NAMES.firewall, {
    name: 'hetzner-dr',
    labels: { cluster: 'hetzner-dr' },
    rule: [
      {
        direction: 'in',
        protocol: 'tcp',
        port,
        source_ips: sourceIps,
        description: 'Kubernetes API from the allow-list',
      },
    ],
  });
}

function controlPlaneServer(patch: Block = {}): StackDocument {
  return resource('hcloud_server', HETZNER_NAMES.server, {
    name: 'hetzner-dr-cp-1',
    server_type: 'cpx32',
    image: `\${data.hcloud_images.${HETZNER_NAMES.images}.images[0].id}`,
    location: 'fsn1',
    labels: { cluster: 'hetzner-dr', role: 'control-plane' },
    firewall_ids: [`\${hcloud_firewall.${HETZNER_NAMES.firewall}.id}`],
    network: [{ network_id: NETWORK_ID, ip: '10.60.0.10' }],
    public_net: [{ ipv4_enabled: true, ipv6_enabled: true }],
    delete_protection: true,
    rebuild_protection: true,
    lifecycle: { prevent_destroy: true, ignore_changes: ['image'] },
    ...patch,
  });
}

function network(patch: Block = {}): StackDocument {
  return resource('hcloud_network', HETZNER_NAMES.network, {
    name: 'hetzner-dr',
    ip_range: '10.60.0.0/16',
    delete_protection: true,
    lifecycle: { prevent_destroy: true },
    ...patch,
  });
}

function loadBalancerNetwork(enablePublicInterface: boolean): StackDocument {
  return resource('hcloud_load_balancer_network', HETZNER_NAMES.loadBalancerNetwork, {
    load_balancer_id: `\${hcloud_load_balancer.${HETZNER_NAMES.loadBalancer}.id}`,
    network_id: NETWORK_ID,
    ip: '10.60.0.2',
    enable_public_interface: enablePublicInterface,
  });
}

function images(errorMessage?: string): StackDocument {
  return {
    data: {
      hcloud_images: {
        [HETZNER_NAMES.images]: {
          with_selector: 'os=talos,talos-version=v1.13.0',
          with_architecture: ['x86'],
          most_recent: true,
          ...(errorMessage
            ? { lifecycle: { postcondition: [{ condition: 'length(self.images) > 0', error_message: errorMessage }] } }
            : {}),
        },
      },
    },
  };
}

const COMMON = renderPatch(
  commonPatch({
    installerImage:
      'factory.talos.dev/hcloud-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9',
    nodeSubnet: '10.60.0.0/22',
    podCidr: '10.60.128.0/17',
    serviceCidr: '10.96.0.0/16',
  }),
  ...volumeEncryption(),
);

const CONTROL_PLANE = renderPatch(
  controlPlanePatch({
    nodeSubnet: '10.60.0.0/22',
    certSans: ['10.60.0.2', '10.60.0.10'],
  }),
);

function machineConfiguration(machineType: 'controlplane' | 'worker', patches: string[]): StackDocument {
  const name =
    machineType === 'controlplane' ? HETZNER_NAMES.controlPlaneConfiguration : HETZNER_NAMES.coreConfiguration;
  return {
    data: {
      talos_machine_configuration: {
        [name]: {
          cluster_name: 'hetzner-dr',
          cluster_endpoint: 'https://10.60.0.2:6443',
          machine_type: machineType,
          talos_version: 'v1.13',
          kubernetes_version: '1.35.0',
          config_patches: patches,
        },
      },
    },
  };
}

export const HETZNER_FIXTURES: Record<string, FixturePair> = {
  'HOT-HCLOUD-001': { pass: firewall(['203.0.113.0/24']), fail: firewall(['0.0.0.0/0']) },
  'HOT-HCLOUD-002': { pass: controlPlaneServer(), fail: controlPlaneServer({ network: undefined }) },
  'HOT-HCLOUD-003': { pass: controlPlaneServer(), fail: controlPlaneServer({ rebuild_protection: false }) },
  'HOT-HCLOUD-004': { pass: network(), fail: network({ delete_protection: false }) },
  'HOT-HCLOUD-005': { pass: loadBalancerNetwork(false), fail: loadBalancerNetwork(true) },
  'HOT-HCLOUD-006': {
    pass: images('No Talos snapshot. Create it once with: hcloud-upload-image upload ...'),
    fail: images(),
  },
  'HOT-TALOS-001': {
    pass: machineConfiguration('worker', [COMMON]),
    fail: machineConfiguration('worker', [
      COMMON,
      'machine:\n  kubelet:\n    extraArgs:\n      rotate-server-certificates: "false"\n',
    ]),
  },
  'HOT-TALOS-002': {
    pass: machineConfiguration('worker', [COMMON]),
    fail: machineConfiguration('worker', [
      COMMON,
      'apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nencryption:\n  provider: luks2\n  keys: []\n',
    ]),
  },
  'HOT-TALOS-004': {
    pass: machineConfiguration('worker', [COMMON]),
    fail: machineConfiguration('worker', [COMMON, 'machine:\n  network:\n    hostname: hetzner-dr-core-1\n']),
  },
  'HOT-TALOS-005': {
    pass: machineConfiguration('worker', [COMMON]),
    fail: machineConfiguration('worker', [
      COMMON,
      'machine:\n  install:\n    image: factory.talos.dev/installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9\n',
    ]),
  },
  'HOT-HCLOUD-007': { pass: controlPlaneServer(), fail: controlPlaneServer({ server_type: 'cpx31' }) },
  'HOT-TALOS-003': {
    pass: machineConfiguration('controlplane', [COMMON, CONTROL_PLANE]),
    fail: machineConfiguration('controlplane', [
      COMMON,
      CONTROL_PLANE,
      'cluster:\n  apiServer:\n    auditPolicy:\n      rules: []\n',
    ]),
  },
  'HOT-TALOS-006': {
    pass: machineConfiguration('controlplane', [COMMON, CONTROL_PLANE]),
    fail: machineConfiguration('controlplane', [
      COMMON,
      CONTROL_PLANE,
      'cluster:\n  apiServer:\n    auditPolicy:\n      rules:\n        - level: RequestResponse\n          verbs: [create]\n',
    ]),
  },
  'HOT-TALOS-007': {
    pass: machineConfiguration('controlplane', [COMMON, CONTROL_PLANE]),
    fail: machineConfiguration('controlplane', [
      COMMON,
      CONTROL_PLANE,
      'cluster:\n  inlineManifests:\n    - name: hcloud-secret\n      contents: |\n        apiVersion: v1\n        kind: Secret\n',
    ]),
  },
};

const at = (type: string, name: string) => `${type}.${name}`;

/** What each failing Hetzner fixture must produce, exactly as the rule words it. */
export const HETZNER_EXPECTED: Record<string, { readonly address: string; readonly reason: string }> = {
  'HOT-HCLOUD-001': {
    address: at('hcloud_firewall', HETZNER_NAMES.firewall),
    reason: 'inbound port 6443 is open to the whole internet; list the allowed CIDRs',
  },
  'HOT-HCLOUD-002': {
    address: at('hcloud_server', HETZNER_NAMES.server),
    reason: 'has no network block with network_id',
  },
  'HOT-HCLOUD-003': {
    address: at('hcloud_server', HETZNER_NAMES.server),
    reason: 'rebuild_protection must be true on a control-plane server',
  },
  'HOT-HCLOUD-004': { address: at('hcloud_network', HETZNER_NAMES.network), reason: 'delete_protection must be true' },
  'HOT-HCLOUD-005': {
    address: at('hcloud_load_balancer_network', HETZNER_NAMES.loadBalancerNetwork),
    reason: 'enable_public_interface must be false',
  },
  'HOT-HCLOUD-006': {
    address: at('data.hcloud_images', HETZNER_NAMES.images),
    reason: 'needs a lifecycle postcondition whose error_message gives the hcloud-upload-image command',
  },
  'HOT-TALOS-001': {
    address: at('data.talos_machine_configuration', HETZNER_NAMES.coreConfiguration),
    reason: 'machine.kubelet.extraArgs.rotate-server-certificates must be "true"',
  },
  'HOT-TALOS-002': {
    address: at('data.talos_machine_configuration', HETZNER_NAMES.coreConfiguration),
    reason: 'a VolumeConfig document for EPHEMERAL must encrypt with luks2 and a key',
  },
  'HOT-TALOS-004': {
    address: at('data.talos_machine_configuration', HETZNER_NAMES.coreConfiguration),
    reason:
      'a patch sets machine.network.hostname, which Talos 1.12+ refuses next to its generated HostnameConfig ("static hostname is already set"); use a HostnameConfig document',
  },
  'HOT-TALOS-005': {
    address: at('data.talos_machine_configuration', HETZNER_NAMES.coreConfiguration),
    reason:
      'machine.install.image is "factory.talos.dev/installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9"; use factory.talos.dev/hcloud-installer/<schematic>:<version>, or an upgrade boots the node as the metal platform',
  },
  'HOT-HCLOUD-007': {
    address: at('hcloud_server', HETZNER_NAMES.server),
    reason: 'server_type "cpx31" was retired by Hetzner (not orderable since 2025-12-31); use its successor "cpx32"',
  },
  'HOT-TALOS-003': {
    address: at('data.talos_machine_configuration', HETZNER_NAMES.controlPlaneConfiguration),
    reason: 'cluster.apiServer.auditPolicy must have rules',
  },
  'HOT-TALOS-006': {
    address: at('data.talos_machine_configuration', HETZNER_NAMES.controlPlaneConfiguration),
    reason:
      'cluster.apiServer.auditPolicy logs the bodies of /secrets, /configmaps, /serviceaccounts/token, authentication.k8s.io/tokenreviews, which carry credentials; put a Metadata rule for them before any Request or RequestResponse rule',
  },
  'HOT-TALOS-007': {
    address: at('data.talos_machine_configuration', HETZNER_NAMES.controlPlaneConfiguration),
    reason:
      'cluster.inlineManifests hcloud-secret holds a Secret, which every node stores and Talos admins can read; create it from a sensitive variable of the apps stack',
  },
};
