import { Construct } from 'constructs';
import { Firewall, type FirewallRule } from '../../.gen/providers/hcloud/firewall';

/** Talos' own API (apid). */
export const TALOS_API_PORT = 50000;
export const KUBERNETES_API_PORT = 6443;

export interface HetznerFirewallProps {
  readonly name: string;
  /** Public CIDRs allowed to reach the Kubernetes and Talos APIs; empty opens nothing. */
  readonly allowedCidrs: readonly string[];
  /** The private network's range: the source of the rule that keeps the rule list from ever being empty. */
  readonly networkCidr: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Inbound from the internet is closed except the two APIs, and those only from the allow-list; outbound stays
 * open (the firewall is stateful: replies come back, nothing else comes in). Traffic on the private network
 * does not pass Hetzner firewalls, so nodes still talk to each other. Servers name it in `firewall_ids` (the
 * autoscaler's through HCLOUD_FIREWALL) rather than through a label selector, so no server gets it twice.
 *
 * hcloud provider 1.68.0 never sends an empty rule list (terraform-provider-hcloud#1482: `SetRules` runs only
 * when `rule` is set), so emptying the allow-list would leave the API ports open. One more rule is always
 * there, so the list is never empty: ICMP from the private range, which no packet from the internet carries.
 */
export class HetznerFirewall extends Construct {
  public readonly firewall: Firewall;

  constructor(scope: Construct, id: string, props: HetznerFirewallProps) {
    super(scope, id);
    const apis: FirewallRule[] =
      props.allowedCidrs.length === 0
        ? []
        : [
            { port: KUBERNETES_API_PORT, what: 'Kubernetes API' },
            { port: TALOS_API_PORT, what: 'Talos API' },
          ].map(({ port, what }) => ({
            direction: 'in',
            protocol: 'tcp',
            port: String(port),
            sourceIps: [...props.allowedCidrs],
            description: `${what} from the allow-list`,
          }));
    const rules: FirewallRule[] = [
      ...apis,
      {
        direction: 'in',
        protocol: 'icmp',
        sourceIps: [props.networkCidr],
        description: 'keeps the rule list non-empty (hcloud provider #1482); private sources only',
      },
    ];
    this.firewall = new Firewall(this, 'firewall', {
      name: props.name,
      labels: { ...props.labels },
      rule: rules,
    });
  }
}
