import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { HcloudProvider } from '../.gen/providers/hcloud/provider';
import { TalosProvider } from '../.gen/providers/talos/provider';

/**
 * The hcloud and talos providers. The hcloud token is a sensitive variable (the cloud controller needs the
 * same token in the cluster); talos needs no configuration: each resource carries its client configuration.
 */
export function createHetznerProviders(scope: Construct, hcloudToken: string): void {
  new HcloudProvider(scope, 'hcloud', { token: hcloudToken });
  new TalosProvider(scope, 'talos', {});
}

export interface HetznerS3Props {
  /** Object Storage location, e.g. fsn1. */
  readonly location: string;
  /** Sensitive Terraform values: Object Storage keys are made in the Hetzner console, not by an API. */
  readonly accessKey: string;
  readonly secretKey: string;
}

/** Hetzner Object Storage's S3 endpoint of a location. */
export function hetznerS3Endpoint(location: string): string {
  return `https://${location}.your-objectstorage.com`;
}

/**
 * The aws provider aimed at Hetzner Object Storage (alias `hetzner-s3`), for buckets only. Everything that
 * would call AWS itself (STS, IMDS, region and account checks) is switched off.
 */
export function createHetznerS3Provider(scope: Construct, props: HetznerS3Props): AwsProvider {
  return new AwsProvider(scope, 'hetzner-s3', {
    alias: 'hetzner-s3',
    region: props.location,
    accessKey: props.accessKey,
    secretKey: props.secretKey,
    endpoints: [{ s3: hetznerS3Endpoint(props.location) }],
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipRegionValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: 'true',
  });
}
