import { loadEnvironments } from '../../lib/config/load';
import { block } from '../../lib/policies/read';
import { synthEnvironments } from '../support/synth';

/** Buckets browsers use with presigned URLs (DroneTM's imagery) answer CORS for the environment's hosts only. */
const environments = loadEnvironments({ env: {} });
const { documents } = synthEnvironments(environments.filter((e) => e.cloud !== 'azure'));

describe.each(['aws-prod', 'hetzner-dr'])('browser uploads on %s', (name) => {
  const document = documents[name];
  const domain = environments.find((e) => e.name === name)?.dns.baseDomain;

  it("give only the drone-tm bucket CORS, for GET, PUT and HEAD from the environment's hosts", () => {
    const rules = Object.entries(document.resource?.aws_s3_bucket_cors_configuration ?? {});
    expect(rules.map(([address]) => address.split('_')[1])).toEqual(['drone-tm']);
    expect(block(rules[0][1].cors_rule)).toEqual({
      allowed_origins: [`https://*.${domain}`],
      allowed_methods: ['GET', 'PUT', 'HEAD'],
      allowed_headers: ['*'],
      expose_headers: ['ETag'],
      max_age_seconds: 3000,
    });
  });
});
