import { z } from 'zod';
import { parseCidr } from '../core/cidr';
import { CLOUDS } from './clouds';
import { awsEnvironment } from './clouds/aws';
import { azureEnvironment } from './clouds/azure';
import { hetznerEnvironment } from './clouds/hetzner';
import { SUPPORTED_KUBERNETES_VERSIONS } from './kubernetes-versions';
import { custom, type Issues } from './schema-parts';

export { ENVIRONMENT_NAME, type BackendConfig, type NodePoolConfig } from './schema-parts';

/**
 * The environment model: one schema per cloud (lib/config/clouds/), chosen by `cloud`, plus the checks that
 * hold on every cloud. A cloud's schema joins the union in the change that adds its cluster flavour.
 */
export const environmentSchema = z
  .discriminatedUnion('cloud', [awsEnvironment, azureEnvironment, hetznerEnvironment], {
    error: `is not a cloud this app can build; use one of ${CLOUDS.join(', ')}`,
  })
  .check((ctx) => {
    // Cross-field checks only make sense once every field has the right shape.
    if (ctx.issues.length === 0) checkEnvironment(ctx.value, ctx.issues);
  });

export type Environment = z.output<typeof environmentSchema>;
export type EnvironmentInput = z.input<typeof environmentSchema>;

function checkEnvironment(env: Environment, issues: Issues): void {
  const supported = SUPPORTED_KUBERNETES_VERSIONS[env.cloud];
  if (!supported.includes(env.kubernetesVersion)) {
    issues.push(
      custom(
        ['kubernetesVersion'],
        env.kubernetesVersion,
        `is not supported on ${env.cloud}; use one of ${supported.join(', ')}`,
      ),
    );
  }
  env.apiAccess.publicAccessCidrs.forEach((block, index) => {
    if (parseCidr(block)?.prefix === 0) {
      issues.push(
        custom(
          ['apiAccess', 'publicAccessCidrs', index],
          block,
          'opens the Kubernetes API to the whole internet; list your office or VPN ranges instead',
        ),
      );
    }
  });
  if (!env.apiAccess.privateEndpoint && env.apiAccess.publicAccessCidrs.length === 0) {
    issues.push(
      custom(
        ['apiAccess', 'privateEndpoint'],
        false,
        'with no publicAccessCidrs nothing could reach the API; set privateEndpoint to true or list public CIDRs',
      ),
    );
  }
}
