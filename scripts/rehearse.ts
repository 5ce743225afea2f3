import { runCommand } from '../lib/core/run-command';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'cdktf';
import { veleroScheduleName } from '../lib/addons/velero';
import { hotContext } from '../lib/config/context';
import { loadEnvironments } from '../lib/config/load';
import type { Environment } from '../lib/config/schema';
import { RESTORE_VARIABLES, restoreReaderOutput } from '../lib/contracts/restore';
import { PUBLISHED_HOSTS_OUTPUT } from '../lib/core/published-hosts';
import { readEnvironmentStacks } from '../lib/core/synthesized-stacks';
import type { StackDocument } from '../lib/policies/types';
import { recoveryPoints, recoveryTime } from '../lib/restore/objectives';
import { restoreWiring } from '../lib/restore/wiring';
import { addEnvironment } from '../stacks/flavours';

/**
 * `npm run rehearse -- <target>`: synthesizes the target and the environment it restores from, checks the
 * restore wiring from the synthesized stacks (every database backed up in the source and recovered in the
 * target, the read-only key, Velero's read-only location), then prints the deploy commands in order, the
 * checks to run afterwards and the recovery objectives. Exit 1 when the wiring falls short.
 */
const USAGE = 'usage: npm run rehearse -- <environment with restoreFrom>';

function synthesize(environments: readonly Environment[]): Record<string, StackDocument> {
  const outdir = mkdtempSync(join(tmpdir(), 'hot-rehearse-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    for (const env of environments) addEnvironment(app, env, environments);
    app.synth();
    return readEnvironmentStacks(environments, outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function hostsOf(document: StackDocument): string[] {
  const value = document.output?.[PUBLISHED_HOSTS_OUTPUT]?.value;
  return Array.isArray(value) ? value.map((h) => String((h as { host?: unknown }).host)).filter(Boolean) : [];
}

function main(argv: readonly string[]): number {
  if (argv.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const environments = loadEnvironments({ context: hotContext() });
  const target = environments.find((e) => e.name === argv[0]);
  if (!target?.restoreFrom) {
    const targets = environments.filter((e) => e.restoreFrom).map((e) => e.name);
    console.error(
      `${argv[0]}: ${target ? 'has no restoreFrom' : 'names no environment'}; environments that restore from another: ${targets.join(', ') || 'none'}`,
    );
    return 2;
  }
  const source = target.restoreFrom;
  const documents = synthesize(environments);
  const wiring = restoreWiring({
    source,
    target: target.name,
    sourceCluster: documents[source],
    sourceApps: documents[`${source}-apps`],
    targetApps: documents[`${target.name}-apps`],
  });

  console.log(
    `Rehearsal of ${target.name} restoring from ${source}${target.failover ? ' (failover: takes the public aliases)' : ''}\n`,
  );
  console.log('Restore wiring (from the synthesized stacks):');
  for (const db of wiring.databases) {
    console.log(
      `${db.restoredFrom && db.backedUp ? '✓' : '✗'} database ${db.namespace}/${db.cluster} (${db.sizeGiB} GiB): ${db.restoredFrom ? `recovers from ${db.restoredFrom}` : 'starts empty'}, archives to ${db.archivesTo ?? 'nothing'}`,
    );
  }
  console.log(
    `${wiring.veleroReadOnlyBucket ? '✓' : '✗'} volumes: Velero reads ${wiring.veleroReadOnlyBucket ?? '(no location)'} read-only, schedule ${wiring.veleroSchedule ?? '(none)'}`,
  );
  console.log(
    wiring.readerKind === 'bucket-policy-deny'
      ? `✓ read-only key of ${source}: its bucket policy denies the key ${wiring.readerActions.length} actions (every write, delete and policy change)`
      : `${wiring.readerActions.length > 0 ? '✓' : '✗'} read-only key of ${source}: ${wiring.readerActions.join(', ') || '(none)'}`,
  );
  for (const problem of wiring.problems) console.log(`✗ ${problem}`);
  if (wiring.problems.length > 0) {
    console.log(`\nThe wiring falls short (${wiring.problems.length}); fix the settings above before a rehearsal.`);
    return 1;
  }

  const appNamespaces = [...new Set(wiring.databases.map((d) => d.namespace))].join(',');
  console.log(`
Deploy, in order:
${
  wiring.readerKind === 'bucket-policy-deny'
    ? `  npm run deploy -- ${source}                # once: the backups bucket's policy takes every write from the key
  npx cdktf output ${source}                  # ${restoreReaderOutput(target.name)} = { access_key_id, principal, denied }
  npx cdktf output ${source}-apps             # velero-repository-password, velero-customer-key
  export TF_VAR_${RESTORE_VARIABLES.accessKeyId}=... TF_VAR_${RESTORE_VARIABLES.secretAccessKey}=...   # that key, its secret from the console
  export TF_VAR_${RESTORE_VARIABLES.veleroRepositoryPassword}=... TF_VAR_${RESTORE_VARIABLES.veleroCustomerKey}=...`
    : `  npm run deploy -- ${source}                # once: creates the read-only key (output ${restoreReaderOutput(target.name)})
  npx cdktf output ${source}                  # ${restoreReaderOutput(target.name)} = { access_key_id, secret_access_key }
  npx cdktf output ${source}-apps             # velero-repository-password
  export TF_VAR_${RESTORE_VARIABLES.accessKeyId}=... TF_VAR_${RESTORE_VARIABLES.secretAccessKey}=...
  export TF_VAR_${RESTORE_VARIABLES.veleroRepositoryPassword}=...`
}
  npm run check -- ${target.name}
  npm run deploy -- '${target.name}*'        # the cluster, the platform, the apps; databases recover as they are created
  velero backup get --selector velero.io/storage-location=restore-source   # the source's backups, once synced (1 min)
  velero restore create ${target.name}-from-${source} --from-schedule ${veleroScheduleName(source)} \\
    --include-namespaces ${appNamespaces} --selector 'owner notin (helm)' --existing-resource-policy none
${
  target.failover
    ? ''
    : `
A real failover adds one setting, HOT_${target.name.toUpperCase().replace(/-/g, '_')}_FAILOVER=true, then
  npm run deploy -- ${target.name}-apps ${source}-apps   # the aliases move; then point their CNAMEs (output public-aliases)
`
}
Afterwards, confirm:
  kubectl get clusters.postgresql.cnpg.io -A      # every database "Cluster in healthy state"
  kubectl -n <namespace> logs job/<namespace>-db-1-full-recovery | grep 'last completed transaction'
                                                  # the point in time reached: within ${wiring.databases.length > 0 ? '5 min' : 'n/a'} of the source's last write
  velero restore describe ${target.name}-from-${source}   # Phase: Completed; the volumes restored
${hostsOf(documents[`${target.name}-apps`])
  .map((host) => `  curl -sSI https://${host} | head -1`)
  .join('\n')}

Recovery point (RPO):`);
  for (const rpo of recoveryPoints(target.platform.backupSchedule))
    console.log(`  ${rpo.what}: ${rpo.value} (${rpo.from})`);
  console.log('Recovery time (RTO), estimated; the timings of a real run replace it:');
  for (const part of recoveryTime(wiring.databases)) console.log(`  ${part.what}: ${part.value} (${part.from})`);
  return 0;
}

runCommand(main);
