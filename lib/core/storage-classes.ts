import type { StorageClassSpec } from '../contracts/cluster';

/**
 * The two block-storage classes every flavour offers, from one provisioner: `standard` (the default, Retain:
 * deleting a claim never deletes data) and `ephemeral` (Delete, for caches and scratch space). Both bind where
 * the pod lands and can grow.
 */
export function blockStorageClasses(
  provisioner: string,
  parameters: Readonly<Record<string, string>>,
): StorageClassSpec[] {
  const base = {
    provisioner,
    parameters,
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  } as const;
  return [
    { ...base, name: 'standard', reclaimPolicy: 'Retain', isDefault: true },
    { ...base, name: 'ephemeral', reclaimPolicy: 'Delete', isDefault: false },
  ];
}
