import type { ClusterDescription, NodePoolSelector } from '../../contracts/cluster';
import { requiredNodeAffinity, resources, tolerationsFor } from '../common';
import { HelmAddOn } from '../helm-addon';

/**
 * The NVIDIA device plugin on the `gpu` pool only (fAIr's training and inference). Installed only when the
 * contract has a GPU pool; node selection uses the pool's own label, so Node Feature Discovery is not needed.
 */
export class GpuAddOn extends HelmAddOn {
  constructor(private readonly pool: NodePoolSelector) {
    super({
      id: 'gpu',
      chart: 'nvidia-device-plugin',
      repository: 'https://nvidia.github.io/k8s-device-plugin',
      version: '0.20.0',
      namespace: 'nvidia-device-plugin',
      releaseName: 'nvidia-device-plugin',
      podSecurityException: {
        level: 'privileged',
        reason: 'The device plugin registers GPUs through the kubelet socket in a host path.',
      },
    });
  }

  protected override defaultValues(_cluster: ClusterDescription): Record<string, unknown> {
    return {
      nodeSelector: { ...this.pool.labels },
      affinity: requiredNodeAffinity(this.pool.labels),
      tolerations: tolerationsFor(this.pool),
      resources: resources('10m', '64Mi'),
    };
  }
}
