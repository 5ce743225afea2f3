import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { DataHcloudImages } from '../../.gen/providers/hcloud/data-hcloud-images';
import { TALOS_VERSION } from './versions';

/**
 * The Image Factory schematic of a plain Talos (no system extensions). Its id is the sha256 of the empty
 * schematic document, so the same image comes out of https://factory.talos.dev every time.
 */
export const TALOS_SCHEMATIC_ID = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';

/** Labels the snapshot carries; `imageSelector` overrides the selector built from them. */
export function defaultImageSelector(): string {
  return `os=talos,talos-version=${TALOS_VERSION},talos-schematic=${TALOS_SCHEMATIC_ID.slice(0, 12)}`;
}

/** The one command that creates the snapshot (hcloud-upload-image, by a Hetzner Cloud maintainer). */
export function uploadCommand(architecture: 'x86' | 'arm', selector: string): string {
  const arch = architecture === 'arm' ? 'arm64' : 'amd64';
  return (
    `hcloud-upload-image upload --architecture ${architecture} --compression xz ` +
    `--image-url https://factory.talos.dev/image/${TALOS_SCHEMATIC_ID}/${TALOS_VERSION}/hcloud-${arch}.raw.xz ` +
    `--labels ${selector}`
  );
}

export interface TalosImageProps {
  readonly architecture: 'x86' | 'arm';
  readonly selector: string;
}

/**
 * Finds the Talos snapshot by label. A list lookup returns nothing rather than failing, so the postcondition
 * can say which snapshot is missing and how to create it instead of a bare provider error.
 */
export class TalosImage extends Construct {
  public readonly lookup: DataHcloudImages;
  /** The newest matching snapshot's id. */
  public readonly imageId: string;

  constructor(scope: Construct, id: string, props: TalosImageProps) {
    super(scope, id);
    this.lookup = new DataHcloudImages(this, 'snapshots', {
      withSelector: props.selector,
      withArchitecture: [props.architecture],
      withStatus: ['available'],
      mostRecent: true,
      lifecycle: {
        postcondition: [
          {
            condition: 'length(self.images) > 0',
            errorMessage:
              `No Talos ${TALOS_VERSION} ${props.architecture} snapshot labelled "${props.selector}" exists in this ` +
              `Hetzner Cloud project. Create it once with: ${uploadCommand(props.architecture, props.selector)}`,
          },
        ],
      },
    });
    this.imageId = Token.asString(this.lookup.images.get(0).id);
  }
}
