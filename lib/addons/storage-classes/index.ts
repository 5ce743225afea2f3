import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import type { Construct } from 'constructs';
import type { AddOn } from '../../contracts/addon';
import type { ClusterDescription } from '../../contracts/cluster';

/** The project's StorageClasses, with the same names on every cloud so backups restore anywhere. */
export class StorageClassesAddOn implements AddOn {
  public readonly id = 'storage-classes';

  public install(scope: Construct, cluster: ClusterDescription): void {
    for (const spec of cluster.storage.classes) {
      new StorageClassV1(scope, spec.name, {
        metadata: {
          name: spec.name,
          annotations: { 'storageclass.kubernetes.io/is-default-class': String(spec.isDefault) },
        },
        storageProvisioner: spec.provisioner,
        parameters: { ...spec.parameters },
        reclaimPolicy: spec.reclaimPolicy,
        volumeBindingMode: spec.volumeBindingMode,
        allowVolumeExpansion: spec.allowVolumeExpansion,
      });
    }
  }
}
