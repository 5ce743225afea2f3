import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { HcloudProvider } from '../.gen/providers/hcloud/provider';
import { TalosProvider } from '../.gen/providers/talos/provider';

/**
 * The hcloud and talos providers. The hcloud token is Terraform's own sensitive variable (the in-cluster
 * controllers get a token of their own from the apps stack); talos needs no configuration: each resource
 * carries its client configuration.
 */
export function createHetznerProviders(scope: Construct, hcloudToken: string): void {
  new HcloudProvider(scope, 'hcloud', { token: hcloudToken });
  new TalosProvider(scope, 'talos', {});
}

/** The hcloud provider alias of the project that holds only the environment's DNS zone. */
export const HETZNER_DNS_ALIAS = 'hcloud-dns';

/**
 * hcloud for the DNS project: Hetzner tokens reach their whole project, so the zone lives in a project of its
 * own and the DNS clients' tokens reach nothing but DNS.
 */
export function createHetznerDnsProvider(scope: Construct, dnsToken: string): HcloudProvider {
  return new HcloudProvider(scope, HETZNER_DNS_ALIAS, { alias: HETZNER_DNS_ALIAS, token: dnsToken });
}

/** The aws provider alias of the backups bucket's own Hetzner project. */
export const HETZNER_S3_BACKUPS_ALIAS = 'hetzner-s3-backups';

export interface HetznerS3Props {
  /** Provider alias, also its construct id: one per Hetzner project, since keys are project-wide. @default 'hetzner-s3' */
  readonly alias?: string;
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
 * The aws provider aimed at Hetzner Object Storage (alias `hetzner-s3` by default), for buckets only, with the
 * keys of one Hetzner project. Everything that would call AWS itself (STS, IMDS, region and account checks) is
 * switched off.
 */
export function createHetznerS3Provider(scope: Construct, props: HetznerS3Props): AwsProvider {
  const alias = props.alias ?? 'hetzner-s3';
  return new AwsProvider(scope, alias, {
    alias,
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
