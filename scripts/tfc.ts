import { runCommand } from '../lib/core/run-command';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { hotContext } from '../lib/config/context';
import { loadEnvironments } from '../lib/config/load';
import { readEnvironmentStacks } from '../lib/core/synthesized-stacks';
import { terraformCloudHandoff } from '../lib/terraform-cloud/handoff';

/**
 * `npm run tfc`: what each Terraform Cloud workspace needs, from the synthesized stacks in cdktf.out, written to
 * cdktf.out/terraform-cloud.json and printed. `--if-configured` (what `npm run synth` passes) says nothing
 * when no environment uses Terraform Cloud.
 */
export const HANDOFF_FILE = join('cdktf.out', 'terraform-cloud.json');

function main(argv: readonly string[]): number {
  const environments = loadEnvironments({ context: hotContext() });
  const handoff = terraformCloudHandoff(environments, readEnvironmentStacks(environments));
  if (!handoff) {
    if (argv.includes('--if-configured')) return 0;
    console.error('no synthesized stack uses Terraform Cloud: set HOT_TFC_ORGANIZATION and run npm run synth');
    return 1;
  }
  writeFileSync(HANDOFF_FILE, `${JSON.stringify(handoff, null, 2)}\n`);
  console.log(`Terraform Cloud (${handoff.hostname}, organization ${handoff.organization}): ${HANDOFF_FILE}`);
  for (const w of handoff.workspaces) {
    const secrets = w.terraformVariables.filter((v) => v.sensitive).map((v) => v.name);
    const plain = w.terraformVariables.filter((v) => !v.sensitive).map((v) => v.name);
    console.log(`  ${w.workspace}: execution ${w.executionMode} (${w.executionReason})`);
    if (w.environmentVariables.length > 0)
      console.log(`    env: ${w.environmentVariables.map((v) => `${v.name}=${v.value}`).join(', ')}`);
    if (secrets.length > 0) console.log(`    sensitive variables: ${secrets.join(', ')}`);
    if (plain.length > 0) console.log(`    variables: ${plain.join(', ')}`);
    if (w.remoteStateConsumers.length > 0)
      console.log(`    remote state shared with: ${w.remoteStateConsumers.join(', ')}`);
    if (w.agentTools.length > 0) console.log(`    agent needs: ${w.agentTools.join('; ')}`);
  }
  return 0;
}

runCommand(main);
