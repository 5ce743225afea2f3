import { Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/** What stops an anonymous visitor on the internet from using a published service. */
export type HostGuard =
  /** The platform's single sign-on in front of, or inside, the service. */
  | 'sso'
  /** A source allow-list at the ingress controller. */
  | 'allow-list'
  /** The service's own login (local accounts, API keys). */
  | 'app-login';

/** A hostname the ingress controller serves to the internet, and what guards it. */
export interface PublishedHost {
  /** The fully qualified name, e.g. `argocd.hotosm.org`. */
  readonly host: string;
  /** The Service behind it, `<namespace>/<name>`. */
  readonly service: string;
  /** Empty for a service anybody may use; it then needs `unauthenticatedReason`. */
  readonly guards: readonly HostGuard[];
  /** Why a service without a guard is published (a public map, a read-only API). @default undefined */
  readonly unauthenticatedReason?: string;
}

/** The output every apps stack declares its internet-facing hosts in; rule HOT-ING-001 reads it. */
export const PUBLISHED_HOSTS_OUTPUT = 'published-hosts';

/** The hosts of one stack, written as one output (`npx cdktf output <env>-apps`) once the stack is built. */
class PublishedHosts extends Construct {
  private readonly hosts: PublishedHost[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new TerraformOutput(this, PUBLISHED_HOSTS_OUTPUT, {
      staticId: true,
      description: 'Hostnames served to the internet, the Service behind each and what guards it',
      value: Lazy.anyValue({
        produce: () =>
          [...this.hosts]
            .sort((a, b) => a.host.localeCompare(b.host))
            .map((h) => ({
              host: h.host,
              service: h.service,
              guards: [...h.guards],
              unauthenticated_reason: h.unauthenticatedReason ?? null,
            })),
      }),
    });
  }

  public add(host: PublishedHost): void {
    this.hosts.push(host);
  }

  public all(): readonly PublishedHost[] {
    return this.hosts;
  }
}

const ID = 'published-hosts';

/** Declares a host the stack publishes; every Ingress hostname must be declared (rule HOT-ING-001). */
export function publishHost(scope: Construct, host: PublishedHost): void {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ID);
  const registry = existing instanceof PublishedHosts ? existing : new PublishedHosts(stack, ID);
  registry.add(host);
}

/** The hosts declared in the stack of `scope` so far. */
export function publishedHosts(scope: Construct): readonly PublishedHost[] {
  const registry = TerraformStack.of(scope).node.tryFindChild(ID);
  return registry instanceof PublishedHosts ? registry.all() : [];
}
