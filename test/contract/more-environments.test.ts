import { DEFAULT_ENVIRONMENTS } from '../../lib/config/environments';
import { loadEnvironments } from '../../lib/config/load';
import { addressesOf } from '../support/addresses';
import { secondEnvironments } from '../support/second-environments';
import { synthEnvironments } from '../support/synth';

/**
 * Nothing may depend on the default environment names: a second environment of every cloud, made as README's
 * "Adding an environment" says, synthesizes next to the defaults, passes every policy rule (synth runs them)
 * and builds the same resources as the environment it was copied from (stack ids aside).
 */
describe('a second environment of every cloud', () => {
  const seconds = secondEnvironments();
  const environments = loadEnvironments({ env: {}, defaults: [...DEFAULT_ENVIRONMENTS, ...seconds] });
  const { documents } = synthEnvironments(environments);

  it.each(DEFAULT_ENVIRONMENTS.map((d, i) => [seconds[i].name, d.name] as const))(
    '%s synthesizes, passes the policy rules and has the addresses of %s',
    (second, first) => {
      // Longest first, so hetzner-dr-2 is renamed before a shorter name inside it could be.
      const pairs = seconds
        .map((s, i) => [s.name, DEFAULT_ENVIRONMENTS[i].name] as const)
        .sort(([a], [b]) => b.length - a.length);
      for (const suffix of ['', '-apps']) {
        // cdktf's cross-stack reference carries the stack id in its address, a restore reader its target's name.
        // A renamed construct path has a new hash suffix; the path itself is what must match.
        const unhashed = (address: string) => address.replace(/_[0-9A-F]{8}$/, '');
        const renamed = addressesOf(documents[`${second}${suffix}`]).map((a) =>
          unhashed(pairs.reduce((address, [from, to]) => address.split(from).join(to), a)),
        );
        expect(renamed.sort()).toEqual(addressesOf(documents[`${first}${suffix}`]).map(unhashed).sort());
      }
    },
  );
});
