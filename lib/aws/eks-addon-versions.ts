/**
 * EKS managed add-on versions per Kubernetes minor version. A Kubernetes version is supported by the aws
 * flavour exactly when it has a row here, so choosing a version without pinned add-ons is impossible.
 *
 * Sources (2026): AWS user guide tables for coredns and kube-proxy; cdk-eks-blueprints version maps and
 * published 1.35 add-on sets for the others. Check with
 * `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>` before a version bump.
 */
export interface EksAddonVersions {
  readonly 'vpc-cni': string;
  readonly 'kube-proxy': string;
  readonly coredns: string;
  readonly 'eks-pod-identity-agent': string;
  readonly 'aws-ebs-csi-driver': string;
}

export const EKS_ADDON_VERSIONS: Readonly<Record<string, EksAddonVersions>> = {
  '1.34': {
    'vpc-cni': 'v1.20.4-eksbuild.2',
    'kube-proxy': 'v1.34.6-eksbuild.13',
    coredns: 'v1.13.2-eksbuild.7',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.2',
    'aws-ebs-csi-driver': 'v1.56.0-eksbuild.1',
  },
  '1.35': {
    'vpc-cni': 'v1.21.1-eksbuild.8',
    'kube-proxy': 'v1.35.3-eksbuild.13',
    coredns: 'v1.14.2-eksbuild.4',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
    'aws-ebs-csi-driver': 'v1.59.0-eksbuild.1',
  },
};
