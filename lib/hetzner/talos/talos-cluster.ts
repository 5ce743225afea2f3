import { Construct } from 'constructs';
import { ClusterKubeconfig } from '../../../.gen/providers/talos/cluster-kubeconfig';
import { DataTalosClientConfiguration } from '../../../.gen/providers/talos/data-talos-client-configuration';
import {
  DataTalosMachineConfiguration,
  type DataTalosMachineConfigurationMachineSecrets,
} from '../../../.gen/providers/talos/data-talos-machine-configuration';
import { MachineBootstrap } from '../../../.gen/providers/talos/machine-bootstrap';
import {
  MachineConfigurationApply,
  type MachineConfigurationApplyConfig,
} from '../../../.gen/providers/talos/machine-configuration-apply';
import { MachineSecrets } from '../../../.gen/providers/talos/machine-secrets';
import { TALOS_CONTRACT } from '../versions';

/** A server Talos talks to: `node` is its private address, `endpoint` where Terraform reaches its API. */
export interface TalosNode {
  readonly name: string;
  readonly node: string;
  readonly endpoint: string;
  /** Per-node patches (hostname), YAML. */
  readonly patches: readonly string[];
}

export interface TalosClusterProps {
  readonly clusterName: string;
  /** https://<api load balancer>:6443 */
  readonly clusterEndpoint: string;
  /** Full Kubernetes version, e.g. 1.35.0. */
  readonly kubernetesVersion: string;
  readonly controlPlanePatches: readonly string[];
  readonly corePatches: readonly string[];
  readonly workerPatches: readonly string[];
  readonly controlPlaneNodes: readonly TalosNode[];
}

/**
 * Talos on the servers: one set of machine secrets, a configuration per role, applied to every node with
 * `talos_machine_configuration_apply` (a changed patch updates running nodes in place), the etcd bootstrap on
 * the first control-plane node, and the kubeconfig and talosconfig.
 */
export class TalosCluster extends Construct {
  public readonly secrets: MachineSecrets;
  /** Worker configuration for nodes the cluster-autoscaler creates (their user data). */
  public readonly workerConfiguration: DataTalosMachineConfiguration;
  public readonly bootstrap: MachineBootstrap;
  public readonly kubeconfig: ClusterKubeconfig;
  public readonly clientConfiguration: DataTalosClientConfiguration;
  private readonly coreConfiguration: DataTalosMachineConfiguration;
  private readonly client: MachineConfigurationApplyConfig['clientConfiguration'];

  constructor(scope: Construct, id: string, props: TalosClusterProps) {
    super(scope, id);
    this.secrets = new MachineSecrets(this, 'secrets', {
      talosVersion: TALOS_CONTRACT,
      // Losing them means a new cluster CA: every node and client would have to be rebuilt.
      lifecycle: { preventDestroy: true },
    });
    const client = this.secrets.clientConfiguration;
    const clientConfiguration = {
      caCertificate: client.caCertificate,
      clientCertificate: client.clientCertificate,
      clientKey: client.clientKey,
    };
    const configuration = (role: string, machineType: string, patches: readonly string[]) =>
      new DataTalosMachineConfiguration(this, `${role}-configuration`, {
        clusterName: props.clusterName,
        clusterEndpoint: props.clusterEndpoint,
        machineType,
        machineSecrets: this.machineSecrets(),
        talosVersion: TALOS_CONTRACT,
        kubernetesVersion: props.kubernetesVersion,
        configPatches: [...patches],
        docs: false,
        examples: false,
      });
    const controlPlane = configuration('control-plane', 'controlplane', props.controlPlanePatches);
    const core = configuration('core', 'worker', props.corePatches);
    this.workerConfiguration = configuration('worker', 'worker', props.workerPatches);

    const apply = (input: DataTalosMachineConfiguration, node: TalosNode) =>
      applyConfiguration(this, `${node.name}-apply`, input, node, clientConfiguration);
    const controlPlaneApplies = props.controlPlaneNodes.map((node) => apply(controlPlane, node));
    this.coreConfiguration = core;
    this.client = clientConfiguration;

    const first = props.controlPlaneNodes[0];
    this.bootstrap = new MachineBootstrap(this, 'bootstrap', {
      nodeAttribute: first.node,
      endpoint: first.endpoint,
      clientConfiguration,
      dependsOn: controlPlaneApplies,
    });
    this.kubeconfig = new ClusterKubeconfig(this, 'kubeconfig', {
      nodeAttribute: first.node,
      endpoint: first.endpoint,
      clientConfiguration,
      dependsOn: [this.bootstrap],
    });
    this.clientConfiguration = new DataTalosClientConfiguration(this, 'talosconfig', {
      clusterName: props.clusterName,
      clientConfiguration,
      endpoints: props.controlPlaneNodes.map((n) => n.endpoint),
      nodes: props.controlPlaneNodes.map((n) => n.node),
    });
  }

  /** Configures a core server; it joins through the API load balancer once the control plane runs. */
  public applyCore(node: TalosNode): MachineConfigurationApply {
    return applyConfiguration(this, `${node.name}-apply`, this.coreConfiguration, node, this.client);
  }

  /** The secrets resource's attributes, field by field: the data source takes them as a typed object. */
  private machineSecrets(): DataTalosMachineConfigurationMachineSecrets {
    const s = this.secrets.machineSecrets;
    const pair = (p: { cert: string; key: string }) => ({ cert: p.cert, key: p.key });
    return {
      certs: {
        etcd: pair(s.certs.etcd),
        k8S: pair(s.certs.k8S),
        k8SAggregator: pair(s.certs.k8SAggregator),
        k8SServiceaccount: { key: s.certs.k8SServiceaccount.key },
        os: pair(s.certs.os),
      },
      cluster: { id: s.cluster.id, secret: s.cluster.secret },
      secrets: {
        bootstrapToken: s.secrets.bootstrapToken,
        secretboxEncryptionSecret: s.secrets.secretboxEncryptionSecret,
        aescbcEncryptionSecret: s.secrets.aescbcEncryptionSecret,
      },
      trustdinfo: { token: s.trustdinfo.token },
    };
  }
}

/**
 * `auto` applies without a reboot when Talos can, and reboots when it must (disk encryption, install image);
 * the server itself is never replaced for a configuration change.
 */
function applyConfiguration(
  scope: Construct,
  id: string,
  input: DataTalosMachineConfiguration,
  node: TalosNode,
  clientConfiguration: MachineConfigurationApplyConfig['clientConfiguration'],
): MachineConfigurationApply {
  return new MachineConfigurationApply(scope, id, {
    nodeAttribute: node.node,
    endpoint: node.endpoint,
    clientConfiguration,
    machineConfigurationInput: input.machineConfiguration,
    configPatches: [...node.patches],
    applyMode: 'auto',
  });
}
