import { Construct } from 'constructs';
import { Firewall, type FirewallRule } from '../../.gen/providers/hcloud/firewall';

/** Talos' own API (apid). */
export const TALOS_API_PORT = 50000;
export const KUBERNETES_API_PORT = 6443;

export interface HetznerFirewallProps {
  readonly name: string;
  /** Public CIDRs allowed to reach the Kubernetes and Talos APIs; empty opens nothing. */
  readonly allowedCidrs: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Inbound from the internet is closed except the two APIs, and those only from the allow-list. Traffic on the
 * private network does not pass Hetzner firewalls, so nodes still talk to each other. Servers name it in
 * `firewall_ids` (the autoscaler's through HCLOUD_FIREWALL) rather than through a label selector, so no server
 * gets it twice.
 */
export class HetznerFirewall extends Construct {
  public readonly firewall: Firewall;

  constructor(scope: Construct, id: string, props: HetznerFirewallProps) {
    super(scope, id);
    const rules: FirewallRule[] =
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
    this.firewall = new Firewall(this, 'firewall', {
      name: props.name,
      labels: { ...props.labels },
      rule: rules,
    });
  }
}
