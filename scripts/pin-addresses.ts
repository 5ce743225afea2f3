/**
 * Rewrites test/contract/addresses.json from the default stacks. Run it only on purpose, after checking that
 * every changed address is meant: a changed address means Terraform destroys and recreates that resource.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { loadEnvironments } from '../lib/config/load';
import { addressesOf } from '../test/support/addresses';
import { synthEnvironments } from '../test/support/synth';

const { documents } = synthEnvironments(loadEnvironments({ env: {} }));
const pinned = Object.fromEntries(Object.entries(documents).map(([id, doc]) => [id, addressesOf(doc)]));
const file = join(__dirname, '..', 'test', 'contract', 'addresses.json');
writeFileSync(file, `${JSON.stringify(pinned, null, 2)}\n`);
console.log(
  `pinned ${Object.values(pinned).flat().length} addresses of ${Object.keys(pinned).length} stacks in ${file}`,
);
