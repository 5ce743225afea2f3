import { readFileSync } from 'fs';
import { join } from 'path';
import { loadEnvironments } from '../../lib/config/load';
import { addressesOf } from '../support/addresses';
import { synthEnvironments } from '../support/synth';

/**
 * A renamed construct id changes a resource address, and Terraform then replaces the resource: for a cluster
 * or a volume that is an outage. Every address of every default stack is pinned; update the pin on purpose
 * with `npx tsx scripts/pin-addresses.ts` and explain the change in review.
 */
describe('pinned resource addresses of the default stacks', () => {
  const pinned = JSON.parse(readFileSync(join(__dirname, 'addresses.json'), 'utf8')) as Record<string, string[]>;
  const { documents } = synthEnvironments(loadEnvironments({ env: {} }));

  it('synthesizes exactly the pinned stacks', () => {
    expect(Object.keys(documents).sort()).toEqual(Object.keys(pinned).sort());
  });

  it.each(Object.keys(pinned))('%s keeps its addresses', (stack) => {
    expect(addressesOf(documents[stack])).toEqual(pinned[stack]);
  });
});
