import { DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import { parse, parseAllDocuments } from 'yaml';
import { hetznerDr } from '../../lib/config/environments/hetzner-dr';
import { loadEnvironments } from '../../lib/config/load';
import type { Environment, EnvironmentInput } from '../../lib/config/schema';
import { hetznerAddresses } from '../../lib/hetzner/addresses';
import { autoscaledGroups } from '../../lib/hetzner/contract-values';
import type { HetznerEnvironment } from '../../lib/hetzner/environment';
import { CLUSTER_AUTOSCALER, HCLOUD_CCM, HCLOUD_CSI, versionProblem } from '../../lib/hetzner/versions';
import type { StackDocument } from '../../lib/policies/types';
import { hotErrorMessage } from '../support/errors';
import { buildEnvironment, documentOf, synthEnvironments, HETZNER_DR_ALONE } from '../support/synth';
import { onlyResource, resourcesOf } from '../support/documents';

type Block = Record<string, unknown>;

const KUBECONFIG = 'talos-cluster_kubeconfig_78D50958';

function hetznerEnvironment(patch: Partial<EnvironmentInput> = {}, env: Record<string, string> = {}): Environment {
  return loadEnvironments({ env, defaults: [{ ...HETZNER_DR_ALONE, ...patch } as EnvironmentInput] })[0];
}

function data(doc: StackDocument, type: string): Block[] {
  return Object.values(doc.data?.[type] ?? {});
}

const all = (doc: StackDocument, type: string) => resourcesOf(doc, type) as Block[];
const only = (doc: StackDocument, type: string) => onlyResource(doc, type) as Block;

function release(doc: StackDocument, name: string): Block & { parsed: Block } {
  const found = all(doc, 'helm_release').find((r) => r.name === name);
  if (!found) throw new Error(`no release ${name}`);
  return { ...found, parsed: JSON.parse((found.values as string[])[0]) as Block };
}

/** Every document of every patch, in order: v1alpha1 patches (no `kind`) and typed documents. */
function patchDocuments(patches: string[]): Block[] {
  return patches.flatMap((text) => parseAllDocuments(text).map((d) => d.toJS() as Block));
}

function machineConfigurationDocuments(doc: StackDocument, machineType: string, role: string): Block[] {
  const found = Object.entries(doc.data?.talos_machine_configuration ?? {}).find(
    ([name, config]) => config.machine_type === machineType && name.includes(`_${role}-configuration_`),
  );
  if (!found) throw new Error(`no ${role} configuration`);
  return patchDocuments(found[1].config_patches as string[]);
}

function machineConfiguration(doc: StackDocument, machineType: string, role: string): Block[] {
  return machineConfigurationDocuments(doc, machineType, role).filter((d) => d.kind === undefined);
}

/** The merged value of a path over parsed patches (later patches win), like Talos' merge. */
function merged(patches: Block[], path: string): unknown {
  let value: unknown;
  for (const patch of patches) {
    let here: unknown = patch;
    for (const key of path.split('.')) here = (here as Block | undefined)?.[key];
    if (here !== undefined) value = here;
  }
  return value;
}

describe('HetznerTalosClusterStack (hetzner-dr)', () => {
  const { cluster, apps } = buildEnvironment(hetznerEnvironment());
  const doc = documentOf(cluster);
  const appsDoc = documentOf(apps);
  const servers = all(doc, 'hcloud_server');
  const controlPlane = servers.filter((s) => (s.labels as Block).role === 'control-plane');
  const core = servers.filter((s) => (s.labels as Block).role === 'core');

  it('pins the hcloud and talos providers and aims an aliased aws provider at Hetzner Object Storage', () => {
    expect(doc.terraform?.required_providers).toMatchObject({
      hcloud: { source: 'hetznercloud/hcloud', version: '1.68.0' },
      talos: { source: 'siderolabs/talos', version: '0.11.0' },
    });
    expect(doc.provider?.hcloud[0]).toEqual({ token: '${var.hcloud_token}' });
    expect(doc.provider?.aws[0]).toMatchObject({
      alias: 'hetzner-s3',
      region: 'fsn1',
      access_key: '${var.object_storage_access_key}',
      secret_key: '${var.object_storage_secret_key}',
      endpoints: [{ s3: 'https://fsn1.your-objectstorage.com' }],
      s3_use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
    });
    // The backups bucket's own project, reached with Terraform's keys of that project.
    expect(doc.provider?.aws[1]).toMatchObject({
      alias: 'hetzner-s3-backups',
      region: 'fsn1',
      access_key: '${var.object_storage_backups_project_access_key}',
      secret_key: '${var.object_storage_backups_project_secret_key}',
      endpoints: [{ s3: 'https://fsn1.your-objectstorage.com' }],
    });
    expect(Object.keys(doc.variable ?? {}).sort()).toEqual([
      'hcloud_dns_token',
      'hcloud_token',
      'object_storage_access_key',
      'object_storage_apps_access_key',
      'object_storage_apps_secret_key',
      'object_storage_backups_project_access_key',
      'object_storage_backups_project_secret_key',
      'object_storage_databases_access_key',
      'object_storage_databases_secret_key',
      'object_storage_secret_key',
      'object_storage_velero_access_key',
      'object_storage_velero_secret_key',
    ]);
    for (const variable of Object.values(doc.variable ?? {})) {
      expect(variable).toMatchObject({ sensitive: true, type: 'string', nullable: false });
    }
  });

  it('creates the backups bucket in its own project and the apps buckets in theirs', () => {
    const providerOf = Object.fromEntries(all(doc, 'aws_s3_bucket').map((b) => [b.bucket, b.provider]));
    expect(providerOf).toEqual({
      'hotosm-hetzner-dr-backups': 'aws.hetzner-s3-backups',
      'hotosm-hetzner-dr-drone-tm': 'aws.hetzner-s3',
      'hotosm-hetzner-dr-scaleodm': 'aws.hetzner-s3',
      'hotosm-hetzner-dr-openaerialmap': 'aws.hetzner-s3',
      'hotosm-hetzner-dr-fair': 'aws.hetzner-s3',
    });
  });

  it("hands the cluster a key per purpose and never Terraform's own credentials", () => {
    const resolved = (value: string | undefined) =>
      Tokenization.resolve(value, {
        scope: cluster,
        preparing: false,
        resolver: new DefaultTokenResolver(new StringConcat()),
      }) as string;
    const keys = cluster.description.workloads;
    expect(resolved(keys.velero?.staticKeys?.accessKeyId)).toBe('${var.object_storage_velero_access_key}');
    expect(resolved(keys.velero?.staticKeys?.secretAccessKey)).toBe('${var.object_storage_velero_secret_key}');
    for (const app of ['drone-tm', 'scaleodm', 'openaerialmap', 'fair'] as const) {
      expect(resolved(keys[app]?.staticKeys?.accessKeyId)).toBe('${var.object_storage_apps_access_key}');
      expect(resolved(keys[app]?.staticKeys?.secretAccessKey)).toBe('${var.object_storage_apps_secret_key}');
    }
    // What the apps stack reads from the cluster stack: of the variables, only the workloads' keys (the apps' for
    // DroneTM and ScaleODM, the databases', Velero's).
    const { documents } = synthEnvironments([hetznerEnvironment()]);
    const exported = Object.values(documents['hetzner-dr'].output ?? {})
      .map((output) => /^\$\{var\.(\w+)\}$/.exec(String(output.value))?.[1])
      .filter((name) => name !== undefined);
    expect(exported.sort()).toEqual([
      'object_storage_apps_access_key',
      'object_storage_apps_secret_key',
      'object_storage_databases_access_key',
      'object_storage_databases_secret_key',
      'object_storage_velero_access_key',
      'object_storage_velero_secret_key',
    ]);
    const databases = cluster.description.databaseBackupLocation('field-tm');
    expect(databases?.credentials).toEqual({
      kind: 'static-keys',
      accessKeyId: expect.any(String),
      secretAccessKey: expect.any(String),
    });
    expect(databases?.destinationPath).toMatch(/^s3:\/\/.+\/cnpg\/field-tm$/);
    expect(JSON.stringify(documents['hetzner-dr-apps'])).not.toContain('var.hcloud_token');
  });

  it('puts every server on a protected private network', () => {
    const network = only(doc, 'hcloud_network');
    expect(network).toMatchObject({
      ip_range: '10.60.0.0/16',
      delete_protection: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(only(doc, 'hcloud_network_subnet')).toMatchObject({
      type: 'cloud',
      network_zone: 'eu-central',
      ip_range: '10.60.0.0/22',
    });
    for (const server of servers) {
      expect(server.network).toEqual([
        { network_id: expect.stringMatching(/^\$\{hcloud_network\..+\.id\}$/), ip: expect.any(String) },
      ]);
      expect(server.firewall_ids).toEqual([expect.stringMatching(/^\$\{hcloud_firewall\..+\.id\}$/)]);
      expect(server.user_data).toBeUndefined();
    }
  });

  /** Keeps the rule list non-empty: hcloud 1.68.0 never sends an empty list (terraform-provider-hcloud#1482). */
  const placeholder = {
    direction: 'in',
    protocol: 'icmp',
    source_ips: ['10.60.0.0/16'],
    description: 'keeps the rule list non-empty (hcloud provider #1482); private sources only',
  };

  it('opens nothing to the internet by default, and only the two APIs to an allow-list', () => {
    expect(only(doc, 'hcloud_firewall')).toMatchObject({ rule: [placeholder] });
    const open = documentOf(
      buildEnvironment(
        hetznerEnvironment({ apiAccess: { privateEndpoint: true, publicAccessCidrs: ['203.0.113.0/24'] } }),
      ).cluster,
    );
    expect(only(open, 'hcloud_firewall').rule).toEqual([
      {
        direction: 'in',
        protocol: 'tcp',
        port: '6443',
        source_ips: ['203.0.113.0/24'],
        description: 'Kubernetes API from the allow-list',
      },
      {
        direction: 'in',
        protocol: 'tcp',
        port: '50000',
        source_ips: ['203.0.113.0/24'],
        description: 'Talos API from the allow-list',
      },
      placeholder,
    ]);
  });

  it('runs three protected control-plane servers on fixed addresses, spread over locations and hosts', () => {
    expect(controlPlane.map((s) => [s.name, s.location, (s.network as Block[])[0].ip])).toEqual([
      ['hetzner-dr-cp-1', 'fsn1', '10.60.0.10'],
      ['hetzner-dr-cp-2', 'nbg1', '10.60.0.11'],
      ['hetzner-dr-cp-3', 'hel1', '10.60.0.12'],
    ]);
    for (const server of controlPlane) {
      expect(server).toMatchObject({
        server_type: 'cpx32',
        delete_protection: true,
        rebuild_protection: true,
        lifecycle: { prevent_destroy: true, ignore_changes: ['image'] },
        public_net: [{ ipv4_enabled: true, ipv6_enabled: true }],
      });
    }
    const groups = all(doc, 'hcloud_placement_group');
    expect(groups.every((g) => g.type === 'spread')).toBe(true);
    expect(new Set(controlPlane.map((s) => s.placement_group_id)).size).toBe(3);
  });

  it('gives core servers IPv4 egress (ghcr.io has no IPv6), closed inbound, and no deletion protection', () => {
    expect(core.map((s) => [s.name, (s.network as Block[])[0].ip])).toEqual([
      ['hetzner-dr-core-1', '10.60.0.20'],
      ['hetzner-dr-core-2', '10.60.0.21'],
    ]);
    for (const server of core) {
      expect(server).toMatchObject({
        public_net: [{ ipv4_enabled: true, ipv6_enabled: true }],
        delete_protection: false,
      });
    }
  });

  it('serves the Kubernetes API on a private, protected load balancer', () => {
    expect(only(doc, 'hcloud_load_balancer')).toMatchObject({
      load_balancer_type: 'lb11',
      location: 'fsn1',
      delete_protection: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(only(doc, 'hcloud_load_balancer_network')).toMatchObject({
      ip: '10.60.0.2',
      enable_public_interface: false,
    });
    expect(only(doc, 'hcloud_load_balancer_service')).toMatchObject({
      protocol: 'tcp',
      listen_port: 6443,
      destination_port: 6443,
    });
    expect(only(doc, 'hcloud_load_balancer_target')).toMatchObject({
      type: 'label_selector',
      label_selector: 'cluster=hetzner-dr,role=control-plane',
      use_private_ip: true,
    });
  });

  it('finds the Talos snapshot by label and fails plan with the command that creates it', () => {
    const [lookup] = data(doc, 'hcloud_images');
    expect(lookup).toMatchObject({
      with_selector: 'os=talos,talos-version=v1.13.9,talos-schematic=376567988ad3',
      with_architecture: ['x86'],
      most_recent: true,
    });
    const [condition] = (lookup.lifecycle as { postcondition: Block[] }).postcondition;
    expect(condition.condition).toBe('length(self.images) > 0');
    expect(condition.error_message).toBe(
      'No Talos v1.13.9 x86 snapshot labelled "os=talos,talos-version=v1.13.9,talos-schematic=376567988ad3" exists in ' +
        'this Hetzner Cloud project. Create it once with: hcloud-upload-image upload --architecture x86 --compression xz ' +
        '--image-url https://factory.talos.dev/image/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba/v1.13.9/hcloud-amd64.raw.xz ' +
        '--labels os=talos,talos-version=v1.13.9,talos-schematic=376567988ad3',
    );
    for (const server of servers) expect(server.image).toMatch(/^\$\{data\.hcloud_images\..+\.images\[0\]\.id\}$/);
  });

  it('keeps the Talos machine secrets from ever being destroyed', () => {
    expect(only(doc, 'talos_machine_secrets')).toMatchObject({
      talos_version: 'v1.13',
      lifecycle: { prevent_destroy: true },
    });
  });

  it('patches every role: external cloud provider, serving-cert rotation, node IPs, LUKS2 on STATE and EPHEMERAL', () => {
    for (const [type, role] of [
      ['controlplane', 'control-plane'],
      ['worker', 'core'],
      ['worker', 'worker'],
    ]) {
      const patches = machineConfiguration(doc, type, role);
      expect(merged(patches, 'cluster.externalCloudProvider.enabled')).toBe(true);
      expect(merged(patches, 'machine.kubelet.extraArgs')).toEqual({ 'rotate-server-certificates': 'true' });
      expect(merged(patches, 'machine.kubelet.nodeIP.validSubnets')).toEqual(['10.60.0.0/22']);
      expect(merged(patches, 'cluster.network')).toEqual({
        cni: { name: 'none' },
        podSubnets: ['10.60.128.0/17'],
        serviceSubnets: ['10.96.0.0/16'],
      });
      expect(merged(patches, 'cluster.proxy')).toEqual({ disabled: true });
      expect(merged(patches, 'machine.systemDiskEncryption')).toBeUndefined();
      expect(merged(patches, 'machine.network.hostname')).toBeUndefined();
      expect(merged(patches, 'machine.install.image')).toBe(
        'factory.talos.dev/hcloud-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9',
      );
      const volumes = machineConfigurationDocuments(doc, type, role).filter((d) => d.kind === 'VolumeConfig');
      expect(volumes).toEqual(
        ['STATE', 'EPHEMERAL'].map((name) => ({
          apiVersion: 'v1alpha1',
          kind: 'VolumeConfig',
          name,
          encryption: { provider: 'luks2', keys: [{ slot: 0, nodeID: {} }] },
        })),
      );
    }
    expect(merged(machineConfiguration(doc, 'worker', 'core'), 'machine.nodeLabels')).toEqual({ 'node-type': 'core' });
    expect(merged(machineConfiguration(doc, 'worker', 'worker'), 'machine.nodeLabels')).toEqual({
      'node-type': 'worker',
    });
  });

  it('gives the control plane Pod Security, an audit policy, the API SANs and no secret of the cloud', () => {
    const patches = machineConfiguration(doc, 'controlplane', 'control-plane');
    const sans = merged(patches, 'cluster.apiServer.certSANs') as string[];
    expect(sans.slice(0, 4)).toEqual(['10.60.0.2', '10.60.0.10', '10.60.0.11', '10.60.0.12']);
    expect(sans.slice(4)).toEqual(
      controlPlane.map(() => expect.stringMatching(/^\$\{hcloud_server\..+\.ipv4_address\}$/)),
    );
    const admission = merged(patches, 'cluster.apiServer.admissionControl') as Block[];
    expect(admission[0]).toMatchObject({ name: 'PodSecurity', configuration: { defaults: { enforce: 'restricted' } } });
    // Talos' generated entry exempts kube-system already and lists merge by appending: naming it again doubles it.
    expect(admission[0].configuration).toMatchObject({ exemptions: {} });
    expect((merged(patches, 'cluster.apiServer.auditPolicy') as Block).kind).toBe('Policy');
    expect(merged(patches, 'cluster.etcd.advertisedSubnets')).toEqual(['10.60.0.0/22']);
    // The machine configuration is stored on every node: no inline manifest, no token of the cloud in it.
    expect(merged(patches, 'cluster.inlineManifests')).toBeUndefined();
    for (const config of Object.values(doc.data?.talos_machine_configuration ?? {})) {
      expect(JSON.stringify(config)).not.toMatch(/var\.(hcloud|object_storage)/);
    }
  });

  it('takes no OIDC issuer by default: only the admin certificate reaches the API', () => {
    const patches = machineConfiguration(doc, 'controlplane', 'control-plane');
    expect(merged(patches, 'cluster.apiServer.extraArgs')).toBeUndefined();
  });

  it('lets human admins log in with short-lived OIDC tokens when an issuer is set', () => {
    const oidcEnv = hetznerEnvironment(
      {},
      {
        HOT_HETZNER_DR_HETZNER_OIDC_ISSUER_URL: 'https://login.hotosm.org/realms/hot',
        HOT_HETZNER_DR_HETZNER_OIDC_CLIENT_ID: 'hetzner-dr',
        HOT_HETZNER_DR_HETZNER_OIDC_ADMIN_GROUPS: 'sysadmins,oncall',
      },
    );
    const patches = machineConfiguration(
      documentOf(buildEnvironment(oidcEnv).cluster),
      'controlplane',
      'control-plane',
    );
    expect(merged(patches, 'cluster.apiServer.extraArgs')).toEqual({
      'oidc-issuer-url': 'https://login.hotosm.org/realms/hot',
      'oidc-client-id': 'hetzner-dr',
      'oidc-username-claim': 'email',
      'oidc-username-prefix': 'oidc:',
      'oidc-groups-claim': 'groups',
      'oidc-groups-prefix': 'oidc:',
    });
    const [manifest] = merged(patches, 'cluster.inlineManifests') as { name: string; contents: string }[];
    expect(manifest.name).toBe('oidc-admins');
    expect(parse(manifest.contents)).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'hot-oidc-admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: ['oidc:sysadmins', 'oidc:oncall'].map((name) => ({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name,
      })),
    });
  });

  it('names every node with a HostnameConfig document, never machine.network.hostname', () => {
    const hostnames = all(doc, 'talos_machine_configuration_apply')
      .map((apply) => patchDocuments(apply.config_patches as string[]))
      .map((docs) => {
        expect(docs.every((d) => (d.machine as Block | undefined)?.network === undefined)).toBe(true);
        return docs.find((d) => d.kind === 'HostnameConfig');
      });
    expect(hostnames.map((h) => h?.hostname).sort()).toEqual([
      'hetzner-dr-core-1',
      'hetzner-dr-core-2',
      'hetzner-dr-cp-1',
      'hetzner-dr-cp-2',
      'hetzner-dr-cp-3',
    ]);
    for (const hostname of hostnames) expect(hostname).toMatchObject({ apiVersion: 'v1alpha1', auto: 'off' });
  });

  it('applies the configuration to every node through the Talos API, then bootstraps one', () => {
    const applies = all(doc, 'talos_machine_configuration_apply');
    expect(applies.map((a) => [a.node, a.endpoint]).sort()).toEqual([
      ['10.60.0.10', '10.60.0.10'],
      ['10.60.0.11', '10.60.0.11'],
      ['10.60.0.12', '10.60.0.12'],
      ['10.60.0.20', '10.60.0.20'],
      ['10.60.0.21', '10.60.0.21'],
    ]);
    for (const apply of applies) {
      expect(apply.machine_configuration_input).toMatch(
        /^\$\{data\.talos_machine_configuration\..+\.machine_configuration\}$/,
      );
      expect(apply.apply_mode).toBe('auto');
      expect(apply.client_configuration).toMatchObject({
        client_key: expect.stringMatching(/^\$\{talos_machine_secrets\./),
      });
    }
    const bootstrap = only(doc, 'talos_machine_bootstrap');
    expect(bootstrap.node).toBe('10.60.0.10');
    expect((bootstrap.depends_on as string[]).length).toBe(3);
  });

  it('changes only configuration, never servers, when a patch changes (day-2)', () => {
    const changed = documentOf(
      buildEnvironment(
        hetznerEnvironment({
          network: { ...hetznerDr.network, serviceCidr: '10.97.0.0/16' },
        } as Partial<EnvironmentInput>),
      ).cluster,
    );
    expect(changed.resource?.hcloud_server).toEqual(doc.resource?.hcloud_server);
    expect(changed.resource?.talos_machine_configuration_apply).toEqual(
      doc.resource?.talos_machine_configuration_apply,
    );
    expect(changed.data?.talos_machine_configuration).not.toEqual(doc.data?.talos_machine_configuration);
  });

  it('reaches nodes on their public IPv4 when Terraform runs outside the network', () => {
    const outside = documentOf(
      buildEnvironment(
        hetznerEnvironment({
          apiAccess: { privateEndpoint: false, publicAccessCidrs: ['203.0.113.0/24'] },
        } as Partial<EnvironmentInput>),
      ).cluster,
    );
    for (const apply of all(outside, 'talos_machine_configuration_apply')) {
      expect(apply.endpoint).toMatch(/^\$\{hcloud_server\..+\.ipv4_address\}$/);
    }
  });

  it('keeps the addresses of everything protected: a rename would plan a replacement', () => {
    const addresses = (type: string) => Object.keys(doc.resource?.[type] ?? {}).map((name) => `${type}.${name}`);
    const protectedAddresses = [
      ...addresses('hcloud_network'),
      ...addresses('hcloud_load_balancer'),
      ...addresses('talos_machine_secrets'),
      ...addresses('hcloud_server').filter((a) => a.includes('control-plane')),
      ...addresses('aws_s3_bucket'),
    ];
    expect(protectedAddresses.sort()).toEqual([
      'aws_s3_bucket.object-storage_backups_bucket_84DA97FC',
      'aws_s3_bucket.object-storage_drone-tm_bucket_A3437902',
      'aws_s3_bucket.object-storage_fair_bucket_248C3431',
      'aws_s3_bucket.object-storage_openaerialmap_bucket_EBC76764',
      'aws_s3_bucket.object-storage_scaleodm_bucket_06CFDA82',
      'hcloud_load_balancer.api-load-balancer_69E902D6',
      'hcloud_network.network_C8AC2FB3',
      'hcloud_server.control-plane_server-1_BC7B5271',
      'hcloud_server.control-plane_server-2_FCD0BFF3',
      'hcloud_server.control-plane_server-3_CE3A97C5',
      'talos_machine_secrets.talos-cluster_secrets_9288D803',
    ]);
  });

  it('exposes kubeconfig and talosconfig as sensitive outputs', () => {
    expect(doc.output?.kubeconfig).toMatchObject({
      sensitive: true,
      value: expect.stringMatching(/kubeconfig_raw\}$/),
    });
    expect(doc.output?.talosconfig).toMatchObject({ sensitive: true, value: expect.stringMatching(/talos_config\}$/) });
  });

  it('creates the buckets on Hetzner Object Storage, protected and versioned', () => {
    const buckets = all(doc, 'aws_s3_bucket');
    expect(buckets.map((b) => b.bucket).sort()).toEqual(
      ['backups', 'drone-tm', 'fair', 'openaerialmap', 'scaleodm'].map((p) => `hotosm-hetzner-dr-${p}`),
    );
    for (const bucket of buckets) {
      expect(bucket).toMatchObject({
        provider: bucket.bucket === 'hotosm-hetzner-dr-backups' ? 'aws.hetzner-s3-backups' : 'aws.hetzner-s3',
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      });
    }
    expect(
      all(doc, 'aws_s3_bucket_versioning').every((v) => (v.versioning_configuration as Block).status === 'Enabled'),
    ).toBe(true);
  });

  it('describes the cluster through the contract, with no GPU pool', () => {
    const d = cluster.description;
    expect(d.cloud).toBe('hetzner');
    expect(d.nodePools.gpu).toBeUndefined();
    expect(d.storage.classes.map((c) => [c.name, c.provisioner, c.reclaimPolicy, c.isDefault])).toEqual([
      ['standard', 'csi.hetzner.cloud', 'Retain', true],
      ['ephemeral', 'csi.hetzner.cloud', 'Delete', false],
    ]);
    expect(d.storage.classes[0].parameters).toMatchObject({
      'csi.storage.k8s.io/node-publish-secret-name': 'hcloud-csi-encryption',
      'csi.storage.k8s.io/node-publish-secret-namespace': 'kube-system',
    });
    expect(d.objectStorage).toMatchObject({
      endpoint: 'https://fsn1.your-objectstorage.com',
      publicEndpoint: 'https://fsn1.your-objectstorage.com',
      region: 'fsn1',
      forcePathStyle: true,
    });
    expect(Object.keys(d.objectStorage.buckets).sort()).toEqual([
      'backups',
      'drone-tm',
      'fair',
      'openaerialmap',
      'scaleodm',
    ]);
    expect(Object.keys(d.workloads).sort()).toEqual(['drone-tm', 'fair', 'openaerialmap', 'scaleodm', 'velero']);
    expect(d.workloads.velero?.staticKeys).toBeDefined();
    expect(d.capabilities).toEqual({ metricsServer: false, networkPolicy: true, kubeProxy: false, karpenter: false });
    expect(d.platformAddOns.map((a) => a.id)).toEqual([
      'cilium',
      'hcloud-cloud-controller-manager',
      'hcloud-csi',
      'cert-manager-webhook-hetzner',
      'cluster-autoscaler',
    ]);
    // No gpu pool in the contract: the shared platform layer says so at synth, in the apps stack.
    const notes = apps.node.metadata.map((m) => String(m.data));
    expect(notes).toContain(
      'hetzner-dr: the cluster has no GPU pool; GPU workloads (fAIr inference and training) must run on CPU or stay disabled',
    );
  });

  it('installs the cloud controller with private-network routes', () => {
    const ccm = release(appsDoc, 'hcloud-cloud-controller-manager');
    expect(ccm).toMatchObject({
      version: HCLOUD_CCM.version,
      repository: 'https://charts.hetzner.cloud',
      namespace: 'kube-system',
    });
    expect(ccm.parsed).toMatchObject({
      image: { tag: 'v1.35.0' },
      networking: { enabled: true, clusterCIDR: '10.60.128.0/17' },
      nodeSelector: { 'node-type': 'core' },
      env: { HCLOUD_LOAD_BALANCERS_USE_PRIVATE_IP: { value: 'true' } },
    });
  });

  it("gives the in-cluster controllers their own token, from the apps stack's sensitive variable", () => {
    expect(appsDoc.variable?.hcloud_cluster_token).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    const [name, secret] = Object.entries(appsDoc.resource?.kubernetes_secret_v1 ?? {}).find(
      ([, s]) => (s.metadata as Block).name === 'hcloud-controllers',
    ) as [string, Block];
    expect(secret).toMatchObject({
      metadata: { name: 'hcloud-controllers', namespace: 'kube-system' },
      data: { token: '${var.hcloud_cluster_token}', network: expect.stringMatching(/^\$\{hcloud_network\..+\.id\}$/) },
    });
    const fromSecret = (key: string) => ({ valueFrom: { secretKeyRef: { name: 'hcloud-controllers', key } } });
    const ccm = release(appsDoc, 'hcloud-cloud-controller-manager');
    expect(ccm.depends_on).toContain(`kubernetes_secret_v1.${name}`);
    expect(ccm.parsed).toMatchObject({
      env: { HCLOUD_TOKEN: fromSecret('token') },
      networking: { network: fromSecret('network') },
    });
    expect(release(appsDoc, 'hcloud-csi').parsed).toMatchObject({
      controller: { hcloudToken: { existingSecret: { name: 'hcloud-controllers', key: 'token' } } },
    });
    // The CSI driver and the autoscaler wait for the cloud controller's release, which waits for the Secret.
    for (const dependent of ['hcloud-csi', 'cluster-autoscaler']) {
      expect(release(appsDoc, dependent).depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^helm_release\.hcloud-cloud-controller-manager_release_/)]),
      );
    }
  });

  it('installs the CSI driver without its own StorageClass and with a generated encryption passphrase', () => {
    const csi = release(appsDoc, 'hcloud-csi');
    expect(csi).toMatchObject({ version: HCLOUD_CSI.version, namespace: 'kube-system' });
    expect(csi.parsed).toMatchObject({ storageClasses: [] });
    const secret = all(appsDoc, 'kubernetes_secret_v1').find(
      (s) => (s.metadata as Block).name === 'hcloud-csi-encryption',
    );
    expect(secret?.data).toEqual({
      'encryption-passphrase': expect.stringMatching(/^\$\{random_password\..+\.result\}$/),
    });
    expect(
      all(appsDoc, 'random_password').some((p) => (p.lifecycle as Block | undefined)?.prevent_destroy === true),
    ).toBe(true);
  });

  it('lets the cluster-autoscaler own the worker pool with the worker configuration as user data', () => {
    const ca = release(appsDoc, 'cluster-autoscaler');
    expect(ca).toMatchObject({
      version: CLUSTER_AUTOSCALER.version,
      repository: 'https://kubernetes.github.io/autoscaler',
    });
    expect(ca.parsed).toMatchObject({
      cloudProvider: 'hetzner',
      image: { tag: 'v1.35.0' },
      autoscalingGroups: [
        { name: 'worker-fsn1', minSize: 0, maxSize: 4, instanceType: 'CPX42', region: 'FSN1' },
        { name: 'worker-nbg1', minSize: 0, maxSize: 3, instanceType: 'CPX42', region: 'NBG1' },
        { name: 'worker-hel1', minSize: 0, maxSize: 3, instanceType: 'CPX42', region: 'HEL1' },
      ],
      extraEnv: { HCLOUD_PUBLIC_IPV4: 'true' },
      extraEnvSecrets: {
        HCLOUD_TOKEN: { name: 'hcloud-controllers', key: 'token' },
        HCLOUD_CLUSTER_CONFIG: { name: 'cluster-autoscaler-hcloud', key: 'HCLOUD_CLUSTER_CONFIG' },
      },
    });
    const secret = all(appsDoc, 'kubernetes_secret_v1').find(
      (s) => (s.metadata as Block).name === 'cluster-autoscaler-hcloud',
    );
    const config = (secret?.data as Block).HCLOUD_CLUSTER_CONFIG as string;
    expect(config).toMatch(/^\$\{base64encode\(jsonencode\(/);
    expect(ca.depends_on).toContain(
      `kubernetes_secret_v1.${Object.entries(appsDoc.resource?.kubernetes_secret_v1 ?? {}).find(([, s]) => (s.metadata as Block).name === 'cluster-autoscaler-hcloud')?.[0]}`,
    );
    expect(config).toContain('"cloudInit" = data.talos_machine_configuration.talos-cluster_worker-configuration_');
  });

  it('connects the apps stack with the client certificate from the kubeconfig, over the private API address', () => {
    const kubernetes = appsDoc.provider?.kubernetes[0] as Block;
    expect(kubernetes.host).toBe('https://10.60.0.2:6443');
    for (const key of ['client_certificate', 'client_key', 'cluster_ca_certificate']) {
      expect(kubernetes[key]).toBe(
        `\${base64decode(talos_cluster_kubeconfig.${KUBECONFIG}.kubernetes_client_configuration.${key.replace('cluster_', '')})}`,
      );
    }
  });

  it('synthesizes both stacks with zero policy violations, reading the cluster through remote state', () => {
    const { documents } = synthEnvironments([hetznerEnvironment()]);
    expect(Object.keys(documents).sort()).toEqual(['hetzner-dr', 'hetzner-dr-apps']);
    const provider = documents['hetzner-dr-apps'].provider?.kubernetes[0] as Block;
    expect(provider.client_key).toMatch(
      /^\$\{base64decode\(data\.terraform_remote_state\..+kubernetes_client_configurationclient_key\)\}$/,
    );
    expect(
      documents['hetzner-dr'].output?.[
        Object.keys(documents['hetzner-dr'].output ?? {}).find((k) => k.endsWith('client_key')) ?? ''
      ],
    ).toMatchObject({ sensitive: true });
  });
});

describe('Hetzner version compatibility', () => {
  const good = { kubernetesVersion: '1.35', ccm: '1.35.0', clusterAutoscaler: '1.35.0' };

  it('accepts the pinned set', () => expect(versionProblem(good)).toBeUndefined());

  it('refuses a cloud controller that crashes since 2026-07-01', () => {
    expect(versionProblem({ ...good, ccm: '1.30.0' })).toBe(
      'hcloud-cloud-controller-manager 1.30.0 crashes since 2026-07-01; use 1.30.1 or later',
    );
  });

  it('refuses an autoscaler built for another Kubernetes minor', () => {
    expect(versionProblem({ ...good, kubernetesVersion: '1.34' })).toBe(
      'cluster-autoscaler 1.35.0 is built for Kubernetes 1.35 and supports only that minor; use kubernetesVersion 1.35 or pin a cluster-autoscaler chart for 1.34',
    );
  });

  it('refuses a Kubernetes version Talos does not run', () => {
    expect(versionProblem({ ...good, kubernetesVersion: '1.30' })).toBe(
      'Talos v1.13.9 runs Kubernetes 1.32, 1.33, 1.34, 1.35, 1.36 only',
    );
  });

  it('stops synth on a known-bad combination with one line', () => {
    const env = hetznerEnvironment({ kubernetesVersion: '1.34' });
    expect(hotErrorMessage(() => buildEnvironment(env))).toBe(
      'environments.hetzner-dr.kubernetesVersion = "1.34": cluster-autoscaler 1.35.0 is built for Kubernetes 1.35 and supports only that minor; use kubernetesVersion 1.35 or pin a cluster-autoscaler chart for 1.34',
    );
  });
});

describe('Hetzner address plan and worker groups', () => {
  it('fixes the load balancer, control-plane and core addresses in a /22 at the start of the network', () => {
    expect(hetznerAddresses('10.60.0.0/16', 3, 2)).toEqual({
      nodeSubnet: '10.60.0.0/22',
      loadBalancerIp: '10.60.0.2',
      controlPlaneIps: ['10.60.0.10', '10.60.0.11', '10.60.0.12'],
      controlPlaneBlock: '10.60.0.8/29',
      coreIps: ['10.60.0.20', '10.60.0.21'],
    });
    // Five control planes still fit the block, and it holds neither the load balancer nor a core server.
    expect(hetznerAddresses('10.60.0.0/16', 5, 100).controlPlaneIps.at(-1)).toBe('10.60.0.14');
  });

  it('splits the worker pool over locations and skips locations the maximum cannot reach', () => {
    const env = hetznerEnvironment({
      nodePools: { ...hetznerDr.nodePools, worker: { instanceTypes: ['cax21'], minSize: 1, maxSize: 2, spot: false } },
    } as Partial<EnvironmentInput>) as HetznerEnvironment;
    expect(autoscaledGroups(env)).toEqual([
      { name: 'worker-fsn1', serverType: 'cax21', location: 'fsn1', minSize: 1, maxSize: 1 },
      { name: 'worker-nbg1', serverType: 'cax21', location: 'nbg1', minSize: 0, maxSize: 1 },
    ]);
  });
});
