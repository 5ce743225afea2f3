import type { NodePoolsDescription } from '../../contracts/cluster';
import { TALOS_SCHEMATIC_ID } from '../talos-image';
import { TALOS_VERSION } from '../versions';
import {
  commonPatch,
  controlPlanePatch,
  nodeLabelsPatch,
  oidcPatch,
  type OidcSettings,
  renderPatch,
  volumeEncryption,
} from './patches';

export interface RolePatchesProps {
  readonly nodeSubnet: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
  /** Addresses clients reach the API by; Terraform values allowed (server public IPs). */
  readonly certSans: readonly string[];
  readonly selectors: NodePoolsDescription;
  /** OIDC login for human admins. @default undefined (none) */
  readonly oidc?: OidcSettings;
}

export interface RolePatches {
  readonly controlPlane: string[];
  readonly core: string[];
  readonly worker: string[];
}

/**
 * The installer of the same schematic for the hcloud platform: since Talos 1.10 the installer carries the
 * platform's kernel arguments (`talos.platform=hcloud`, consoles), so an upgrade with the generic (metal)
 * installer would boot the node without Hetzner's metadata.
 */
export function hcloudInstallerImage(): string {
  return `factory.talos.dev/hcloud-installer/${TALOS_SCHEMATIC_ID}:${TALOS_VERSION}`;
}

/** The YAML patches of each machine role, in merge order: what every node shares first, the role's own after. */
export function rolePatches(props: RolePatchesProps): RolePatches {
  const common = renderPatch(
    commonPatch({
      installerImage: hcloudInstallerImage(),
      nodeSubnet: props.nodeSubnet,
      podCidr: props.podCidr,
      serviceCidr: props.serviceCidr,
    }),
    ...volumeEncryption(),
  );
  return {
    controlPlane: [
      common,
      renderPatch(
        controlPlanePatch({
          nodeSubnet: props.nodeSubnet,
          certSans: props.certSans,
        }),
      ),
      ...(props.oidc ? [renderPatch(oidcPatch(props.oidc))] : []),
    ],
    core: [common, renderPatch(nodeLabelsPatch(props.selectors.core.labels))],
    worker: [common, renderPatch(nodeLabelsPatch(props.selectors.worker.labels))],
  };
}
