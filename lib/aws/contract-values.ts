import { firstServiceAddress } from '../core/cidr';
import { blockStorageClasses } from '../core/storage-classes';
import type {
  DatabaseBackupLocation,
  DnsDescription,
  NetworkDescription,
  StorageClassSpec,
} from '../contracts/cluster';
import { databaseBackupPrefix } from '../contracts/workloads';
import type { KubernetesExec } from '../../providers/kubernetes';
import type { AwsEnvironment } from './environment';

const EBS_GP3 = { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' };

/** The project's StorageClasses on EBS (gp3, encrypted). EBS has no RWX, so there is no `shared` class. */
export function awsStorageClasses(): StorageClassSpec[] {
  return blockStorageClasses('ebs.csi.aws.com', EBS_GP3);
}

/** An internet-facing NLB in IP mode, made by the AWS Load Balancer Controller. */
export const AWS_INGRESS_ANNOTATIONS: Readonly<Record<string, string>> = {
  'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
  'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
  'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
  // IP targets lose the client's address unless the target group preserves it (off by default for them).
  'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true',
};

/** The NLB forwards to pod IPs with the client's address preserved: nothing to trust, no node hop. */
export const AWS_INGRESS_CLIENT_ADDRESS = { externalTrafficPolicy: 'Cluster', proxyProtocolTrustedCidrs: [] } as const;

/**
 * Route53: external-dns and cert-manager DNS-01 for the environment's zone (credentials come from the workloads'
 * Pod Identity, scoped to that zone, so nothing here names a key).
 */
export function awsDns(env: AwsEnvironment, zoneId: string): DnsDescription {
  return {
    provider: 'aws',
    baseDomain: env.dns.baseDomain,
    zoneId,
    externalDns: {
      extraArgs: [`--zone-id-filter=${zoneId}`, '--aws-zone-type=public'],
      env: [{ name: 'AWS_DEFAULT_REGION', value: env.region }],
    },
    dns01Solver: { route53: { region: env.region, hostedZoneID: zoneId } },
  };
}

/**
 * A fresh EKS token for every request, from the AWS CLI (`aws eks get-token`, v2), in the runner's own AWS
 * credentials. A token read once at plan time (the `aws_eks_cluster_auth` data source) expires after 15 minutes,
 * mid-apply; the exec plugin is called again whenever the providers need one, so an apply of any length works.
 * In a Terraform Cloud run, `env` points the CLI at the run's dynamic credentials (`AWS_CONFIG_FILE`).
 */
export function eksTokenExec(
  clusterName: string,
  region: string,
  env: Readonly<Record<string, string>> = {},
): KubernetesExec {
  return {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: 'aws',
    args: ['eks', 'get-token', '--cluster-name', clusterName, '--region', region, '--output', 'json'],
    ...(Object.keys(env).length > 0 ? { env } : {}),
  };
}

/**
 * EKS: the control plane's network interfaces sit in the VPC's subnets (API and webhook calls), nodes and pods
 * take VPC addresses, and the VPC CNI's policy agent matches any address by ipBlock. Pods with Pod Identity
 * fetch credentials from the agent on each node at 169.254.170.23:80.
 */
export function awsNetwork(env: AwsEnvironment): NetworkDescription {
  const vpc = env.network.vpcCidr;
  return {
    apiServer: [
      { cidr: firstServiceAddress(env.network.serviceCidr), port: 443 },
      { cidr: vpc, port: 443 },
    ],
    controlPlaneCidrs: [vpc],
    identityEndpoints: [{ cidr: '169.254.170.23/32', port: 80 }],
  };
}

/**
 * A database backs up under `cnpg/<namespace>/` of the environment's backups bucket, as the one database role
 * allows through the namespace session tag Pod Identity sets: no key, no annotation.
 */
export function awsDatabaseBackupLocation(bucket: string, namespace: string): DatabaseBackupLocation {
  return {
    destinationPath: `s3://${bucket}/${databaseBackupPrefix(namespace)}`,
    credentials: { kind: 'aws-identity' },
    serviceAccountAnnotations: {},
    podLabels: {},
  };
}
