import type { NodePoolsDescription, Taint } from '../contracts/cluster';

/** The label every node carries, on every cloud: `node-type: core|worker|gpu`. */
export const NODE_TYPE_LABEL = 'node-type';

/** GPU nodes repel everything that does not ask for a GPU. */
export const GPU_TAINT: Taint = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' };

export function nodePoolSelectors(withGpu: boolean): NodePoolsDescription {
  return {
    core: { labels: { [NODE_TYPE_LABEL]: 'core' }, taints: [] },
    worker: { labels: { [NODE_TYPE_LABEL]: 'worker' }, taints: [] },
    ...(withGpu ? { gpu: { labels: { [NODE_TYPE_LABEL]: 'gpu' }, taints: [GPU_TAINT] } } : {}),
  };
}
