import { spawnSync } from 'child_process';
import { join } from 'path';
import { RESTORE_SOURCE_LOCATION, veleroScheduleName } from '../../lib/addons/velero';
import { RESTORE_READER_ACTIONS } from '../../lib/aws/restore-reader';
import { awsProd } from '../../lib/config/environments/aws-prod';
import { azureStaging } from '../../lib/config/environments/azure-staging';
import { loadEnvironments } from '../../lib/config/load';
import type { EnvironmentInput } from '../../lib/config/schema';
import { RESTORE_VARIABLES, restoreReaderOutput } from '../../lib/contracts/restore';
import { evaluatePolicies } from '../../lib/policies/engine';
import { ALL_RULES } from '../../lib/policies';
import { suppressionsOf } from '../../lib/policies/suppress';
import type { StackDocument } from '../../lib/policies/types';
import { recoveryPoints, recoveryTime, cronIntervalHours } from '../../lib/restore/objectives';
import { restoreWiring, type RestoreDocuments } from '../../lib/restore/wiring';
import { hotErrorMessage } from '../support/errors';
import { releasesOf } from '../support/releases';
import { HETZNER_DR_ALONE, synthEnvironments } from '../support/synth';

type Block = Record<string, unknown>;

const defaults = loadEnvironments({ env: {} });
const { documents, stacks } = synthEnvironments(defaults);

function objectsOf(doc: StackDocument, kind: string): Block[] {
  return releasesOf(doc)
    .flatMap((r) => (Array.isArray(r.values.objects) ? (r.values.objects as Block[]) : []))
    .filter((o) => o.kind === kind);
}

function veleroValues(doc: StackDocument): Block {
  const release = releasesOf(doc).find((r) => r.name === 'velero');
  expect(release).toBeDefined();
  return (release as NonNullable<typeof release>).values;
}

function wiringOf(docs: Record<string, StackDocument>, source = 'aws-prod', target = 'hetzner-dr'): RestoreDocuments {
  return {
    source,
    target,
    sourceCluster: docs[source],
    sourceApps: docs[`${source}-apps`],
    targetApps: docs[`${target}-apps`],
  };
}

describe('restoreFrom: the settings', () => {
  const load = (environments: EnvironmentInput[], env: Record<string, string> = {}) =>
    hotErrorMessage(() => loadEnvironments({ env, defaults: environments }));

  it('makes the default hetzner-dr restore from aws-prod, without taking its aliases', () => {
    const hetzner = defaults.find((e) => e.name === 'hetzner-dr');
    expect(hetzner).toMatchObject({ restoreFrom: 'aws-prod', failover: false });
    expect(defaults.filter((e) => e.restoreFrom).map((e) => e.name)).toEqual(['hetzner-dr']);
  });

  it('refuses a source that is not configured, and lists the ones that are', () => {
    expect(load([azureStaging, { ...HETZNER_DR_ALONE, restoreFrom: 'aws-prd' }])).toBe(
      'environments.hetzner-dr.restoreFrom = "aws-prd": is not a configured environment; use one of azure-staging',
    );
  });

  it('refuses the environment itself', () => {
    expect(load([{ ...awsProd, restoreFrom: 'aws-prod' }])).toBe(
      'environments.aws-prod.restoreFrom = "aws-prod": is this environment itself; name the environment whose backups it restores from',
    );
  });

  it('refuses a source on a cloud that cannot hand out a read-only key, saying why (Hetzner: below)', () => {
    expect(load([{ ...awsProd, restoreFrom: 'azure-staging' }, azureStaging])).toBe(
      'environments.aws-prod.restoreFrom = "azure-staging": cannot be a restore source: it is on azure, whose backups account takes no shared keys or SAS (management plane only) and whose workload identities work only inside Azure, so no read-only key can reach another cloud yet',
    );
  });

  it('refuses two environments restoring from each other', () => {
    const second = { ...awsProd, name: 'aws-eu', dns: { baseDomain: 'aws-eu.k8s.hotosm.org' } };
    const message = load([
      { ...awsProd, restoreFrom: 'aws-eu' },
      { ...second, network: { ...awsProd.network, vpcCidr: '10.21.0.0/16' }, restoreFrom: 'aws-prod' },
    ] as EnvironmentInput[]);
    expect(message).toContain(
      'environments.aws-prod.restoreFrom = "aws-eu": restores from aws-prod in turn; only one direction at a time: drop restoreFrom on the side that holds the data',
    );
  });

  it('refuses failover without a source, and a failover value that is not a boolean', () => {
    expect(load([{ ...awsProd, failover: true }])).toBe(
      'environments.aws-prod.failover = "true": needs restoreFrom: a failover takes over the public aliases of the environment it restores from',
    );
    expect(load([awsProd, { ...HETZNER_DR_ALONE, restoreFrom: 'aws-prod' }], { HOT_HETZNER_DR_FAILOVER: 'yes' })).toBe(
      'HOT_HETZNER_DR_FAILOVER = "yes": must be true or false',
    );
  });

  it('reports a source that fails its own validation once, not as a missing environment too', () => {
    const message = load([
      { ...awsProd, kubernetesVersion: 'v1.35' },
      { ...HETZNER_DR_ALONE, restoreFrom: 'aws-prod' },
    ]);
    expect(message).not.toContain('restoreFrom');
  });
});

describe('the source: a read-only key for each target', () => {
  const source = documents['aws-prod'];
  const user = Object.entries(source.resource?.aws_iam_user ?? {}).find(
    ([, u]) => u.name === 'aws-prod-restore-reader-hetzner-dr',
  );

  it('creates one IAM user for hetzner-dr, listed under /hot-restore/, with a key as a sensitive output', () => {
    expect(user?.[1]).toMatchObject({ path: '/hot-restore/' });
    expect(source.output?.[restoreReaderOutput('hetzner-dr')]).toMatchObject({
      sensitive: true,
      value: {
        access_key_id: expect.stringMatching(/^\$\{aws_iam_access_key\..+\.id\}$/),
        secret_access_key: expect.stringMatching(/^\$\{aws_iam_access_key\..+\.secret\}$/),
      },
    });
  });

  it('may only read: list and get under cnpg/ and velero/ of the backups bucket, and decrypt with its key', () => {
    const wiring = restoreWiring(wiringOf(documents));
    expect(wiring.readerActions).toEqual([...RESTORE_READER_ACTIONS].sort());
    const statements = Object.entries(source.data?.aws_iam_policy_document ?? {})
      .filter(([name]) => name.startsWith('restore-reader-hetzner-dr'))
      .flatMap(([, d]) => d.statement as Block[]);
    const reads = statements.find((s) => s.sid === 'ReadBackups');
    expect(reads?.resources).toEqual([
      expect.stringMatching(/backups_bucket.*\.arn\}\/cnpg\/\*$/),
      expect.stringMatching(/backups_bucket.*\.arn\}\/velero\/\*$/),
    ]);
    for (const statement of statements) {
      expect(statement.effect).toBe('Allow');
      for (const action of statement.actions as string[]) expect(action).not.toMatch(/Put|Delete|Abort|\*|Policy|Acl/);
    }
  });

  it('passes the policy rules, with HOT-IAM-004 accepted on the reader for its stated reason', () => {
    const cluster = stacks['aws-prod'].cluster;
    expect(evaluatePolicies('aws-prod', source, ALL_RULES, suppressionsOf(cluster))).toEqual([]);
    const accepted = suppressionsOf(cluster).filter((s) => s.address.includes('restore-reader-hetzner-dr'));
    expect(accepted.map((s) => [s.ruleId, s.address.split('.')[0]])).toEqual([
      ['HOT-IAM-004', 'aws_iam_user'],
      ['HOT-IAM-004', 'aws_iam_user_policy'],
      ['HOT-IAM-004', 'aws_iam_access_key'],
    ]);
    expect(accepted[0].reason).toBe(
      'hetzner-dr restores these backups from another cloud, where no AWS role can be assumed; the key only reads the backup prefixes',
    );
  });

  it('makes no reader where nothing restores from the environment', () => {
    const alone = synthEnvironments(loadEnvironments({ env: {}, defaults: [awsProd] })).documents['aws-prod'];
    expect(Object.values(alone.resource?.aws_iam_user ?? {}).map((u) => u.path)).not.toContain('/hot-restore/');
    expect(alone.output?.[restoreReaderOutput('hetzner-dr')]).toBeUndefined();
  });
});

describe('the target: every database recovers from the source, and archives to its own place', () => {
  const target = documents['hetzner-dr-apps'];
  const clusters = objectsOf(target, 'Cluster');
  const stores = new Map(objectsOf(target, 'ObjectStore').map((o) => [(o.metadata as Block).name, o]));

  it.each(clusters.map((c) => [(c.metadata as Block).namespace as string, c] as const))(
    '%s bootstraps from aws-prod at the end of its WAL, through its restore ObjectStore',
    (namespace, cluster) => {
      const spec = cluster.spec as Block;
      const name = (cluster.metadata as Block).name as string;
      expect(spec.bootstrap).toEqual({
        recovery: expect.objectContaining({ source: 'origin', secret: { name: `${name}-credentials` } }),
      });
      expect((spec.bootstrap as { recovery: Block }).recovery.recoveryTarget).toBeUndefined();
      expect(spec.externalClusters).toEqual([
        {
          name: 'origin',
          plugin: {
            name: 'barman-cloud.cloudnative-pg.io',
            parameters: { barmanObjectName: `${name}-restore-source`, serverName: name },
          },
        },
      ]);
      const origin = stores.get(`${name}-restore-source`)?.spec as { configuration: Block };
      expect(origin.configuration).toMatchObject({
        destinationPath: `s3://hotosm-aws-prod-backups/cnpg/${namespace}`,
        endpointURL: 'https://s3.us-east-1.amazonaws.com',
      });
      const archiver = (spec.plugins as Block[]).find((p) => p.isWALArchiver === true);
      const own = stores.get((archiver?.parameters as Block).barmanObjectName)?.spec as { configuration: Block };
      expect(own.configuration.destinationPath).toMatch(/cross-stack-reference-input-hetzner-dr\..*\/cnpg\//);
    },
  );

  it('reads the source with the key from sensitive variables, never a literal', () => {
    for (const variable of Object.values(RESTORE_VARIABLES)) {
      // aws-prod's Velero objects are not SSE-C: no customer key to take.
      if (variable === RESTORE_VARIABLES.veleroCustomerKey) expect(target.variable?.[variable]).toBeUndefined();
      else expect(target.variable?.[variable]).toMatchObject({ sensitive: true, type: 'string' });
    }
    const keys = Object.values(target.resource?.kubernetes_secret_v1 ?? {}).filter((s) =>
      String((s.metadata as Block).name).endsWith('-db-restore-source'),
    );
    expect(keys).toHaveLength(clusters.length);
    for (const secret of keys) {
      expect(secret.data).toEqual({
        ACCESS_KEY_ID: `\${var.${RESTORE_VARIABLES.accessKeyId}}`,
        ACCESS_SECRET_KEY: `\${var.${RESTORE_VARIABLES.secretAccessKey}}`,
        REGION: 'us-east-1',
      });
    }
  });

  it("reads Velero's backups of aws-prod through a ReadOnly location, with aws-prod's repository password", () => {
    const values = veleroValues(target);
    const locations = (values.configuration as { backupStorageLocation: Block[] }).backupStorageLocation;
    expect(locations.map((l) => [l.name, l.accessMode ?? 'ReadWrite', l.default])).toEqual([
      ['default', 'ReadWrite', true],
      [RESTORE_SOURCE_LOCATION, 'ReadOnly', false],
    ]);
    expect(locations[1]).toMatchObject({
      bucket: 'hotosm-aws-prod-backups',
      prefix: 'velero',
      credential: { name: 'velero-restore-source-credentials', key: 'cloud' },
      config: { region: 'us-east-1', s3Url: 'https://s3.us-east-1.amazonaws.com' },
    });
    const password = Object.values(target.resource?.kubernetes_secret_v1 ?? {}).find(
      (s) => (s.metadata as Block).name === 'velero-repo-credentials',
    );
    expect(password?.data).toEqual({
      'repository-password': `\${var.${RESTORE_VARIABLES.veleroRepositoryPassword}}`,
    });
    expect(Object.keys(target.resource?.random_password ?? {}).some((k) => k.startsWith('velero'))).toBe(false);
  });

  it("names each environment's schedule after it, so the source's backups are told from the target's own", () => {
    expect(Object.keys(veleroValues(documents['aws-prod-apps']).schedules as Block)).toEqual(['aws-prod-daily']);
    expect(Object.keys(veleroValues(target).schedules as Block)).toEqual(['hetzner-dr-daily']);
    expect(veleroScheduleName('aws-prod')).toBe('velero-aws-prod-daily');
  });

  it('leaves environments without restoreFrom as they were: initdb, one location, a generated password', () => {
    for (const name of ['aws-prod-apps', 'azure-staging-apps']) {
      for (const cluster of objectsOf(documents[name], 'Cluster')) {
        expect(Object.keys((cluster.spec as Block).bootstrap as Block)).toEqual(['initdb']);
      }
      const locations = (veleroValues(documents[name]).configuration as { backupStorageLocation: Block[] })
        .backupStorageLocation;
      expect(locations).toHaveLength(1);
      expect(documents[name].variable?.[RESTORE_VARIABLES.accessKeyId]).toBeUndefined();
    }
  });
});

describe('the wiring check the rehearsal runs', () => {
  it('finds every database of the target backed up in aws-prod and recovered from it', () => {
    const wiring = restoreWiring(wiringOf(documents));
    expect(wiring.problems).toEqual([]);
    expect(wiring.databases.map((d) => d.namespace)).toEqual([
      'drone-tm',
      'field-tm',
      'login',
      'odk-central',
      'openaerialmap',
      'osm-sandbox-dashboard',
      'scaleodm',
      'tasking-manager',
    ]);
    expect(wiring.databases.every((d) => d.backedUp && d.restoredFrom)).toBe(true);
    expect(wiring).toMatchObject({
      veleroSchedule: 'velero-aws-prod-daily',
      veleroReadOnlyBucket: 'hotosm-aws-prod-backups',
    });
  });

  it('names each database a target would start empty, and the missing key, where restoreFrom is off', () => {
    const alone = synthEnvironments(loadEnvironments({ env: {}, defaults: [awsProd, HETZNER_DR_ALONE] })).documents;
    const wiring = restoreWiring(wiringOf(alone));
    expect(wiring.problems).toContain(
      'field-tm/field-tm-db: hetzner-dr starts it empty instead of recovering it from aws-prod',
    );
    expect(wiring.problems).toContain(
      'aws-prod: no read-only key for hetzner-dr (IAM user aws-prod-restore-reader-hetzner-dr, or a bucket policy denying a key every write)',
    );
    expect(wiring.problems).toContain("hetzner-dr: Velero has no ReadOnly location of aws-prod's backups");
    expect(wiring.problems).toContain(
      `hetzner-dr-apps: sensitive variable ${RESTORE_VARIABLES.accessKeyId} is not declared`,
    );
  });

  it('fails a reader that may write, and a target that would archive into the source', () => {
    const source = structuredClone(documents['aws-prod']) as {
      data: { aws_iam_policy_document: Record<string, Block> };
    };
    const [name, doc] = Object.entries(source.data.aws_iam_policy_document).find(([n]) =>
      n.startsWith('restore-reader-hetzner-dr'),
    ) as [string, Block];
    source.data.aws_iam_policy_document[name] = {
      ...doc,
      statement: [...(doc.statement as Block[]), { effect: 'Allow', actions: ['s3:PutObject'], resources: ['*'] }],
    };
    const target = JSON.parse(
      JSON.stringify(documents['hetzner-dr-apps']).replaceAll(
        'cross-stack-reference-input-hetzner-dr.',
        'cross-stack-reference-input-aws-prod.',
      ),
    ) as StackDocument;
    const wiring = restoreWiring({
      ...wiringOf(documents),
      sourceCluster: source as StackDocument,
      targetApps: target,
    });
    expect(wiring.problems).toContain('aws-prod-restore-reader-hetzner-dr may do more than read: s3:PutObject');
    expect(wiring.problems.filter((p) => p.includes("would archive into aws-prod's backups"))).toHaveLength(8);
  });
});

describe('failover: the public aliases move with one setting', () => {
  const aliases = { environments: { 'aws-prod': { dns: { publicAliases: { 'tasks.hotosm.org': 'tasks-api' } } } } };
  const output = (docs: Record<string, StackDocument>, stack: string) => docs[stack].output?.['public-aliases']?.value;

  it('a rehearsal leaves them with the source: the target serves only its own names', () => {
    const docs = synthEnvironments(loadEnvironments({ env: {}, context: aliases })).documents;
    expect(output(docs, 'aws-prod-apps')).toEqual([
      { name: 'tasks.hotosm.org', type: 'CNAME', value: 'tasks-api.aws-prod.k8s.hotosm.org' },
    ]);
    expect(output(docs, 'hetzner-dr-apps')).toBeUndefined();
  });

  it('failover: true makes the target serve them and the source stop', () => {
    const docs = synthEnvironments(
      loadEnvironments({ env: { HOT_HETZNER_DR_FAILOVER: 'true' }, context: aliases }),
    ).documents;
    expect(output(docs, 'hetzner-dr-apps')).toEqual([
      { name: 'tasks.hotosm.org', type: 'CNAME', value: 'tasks-api.hotosm-dr.org' },
    ]);
    expect(output(docs, 'aws-prod-apps')).toBeUndefined();
    expect(releasesOf(docs['aws-prod-apps']).find((r) => r.name === 'public-aliases')).toBeUndefined();
  });

  it('still refuses the target declaring an alias the source holds: one owner at a time', () => {
    const both = {
      environments: {
        ...aliases.environments,
        'hetzner-dr': { dns: { publicAliases: { 'tasks.hotosm.org': 'tasks-api' } } },
      },
    };
    expect(hotErrorMessage(() => loadEnvironments({ env: {}, context: both }))).toBe(
      'context hot.environments.hetzner-dr.dns.publicAliases.tasks.hotosm.org = "tasks-api": is also claimed by aws-prod; an alias has one owner at a time, remove it from one of them (a failover moves it)',
    );
  });
});

describe('recovery objectives', () => {
  it('derives the RPO of each kind of data from the configured schedules', () => {
    expect(recoveryPoints('0 2 * * *').map((p) => [p.what, p.value])).toEqual([
      ['databases (WAL archived continuously)', '<= 5 min'],
      ['app volumes (Velero file-system backups)', '<= 24 h'],
      ['configuration (Git and Terraform)', '0'],
    ]);
    expect(cronIntervalHours('0 */6 * * *')).toBe(6);
    expect(recoveryPoints('0 */6 * * *')[1].value).toBe('<= 6 h');
    expect(recoveryPoints('0 2 * * 1')[1].value).toBe('one schedule interval (0 2 * * 1)');
  });

  it('estimates the RTO from the largest restored database, in parallel with the others', () => {
    const wiring = restoreWiring(wiringOf(documents));
    const parts = recoveryTime(wiring.databases);
    // Tasking Manager's 50 GiB at 50 MiB/s: 18 min, plus 10 min of WAL replay.
    expect(parts.map((p) => [p.what, p.value])).toEqual([
      ['cluster', '~15 min'],
      ['platform and apps', '~20 min'],
      ['databases (largest 50 GiB, in parallel)', '~28 min'],
      ['total', '~63 min'],
    ]);
  });
});

describe('other targets of the same source', () => {
  it('an Azure target restores from aws-prod too, with the AWS plugin beside its own', () => {
    const docs = synthEnvironments(
      loadEnvironments({
        env: { HOT_AZURE_STAGING_RESTORE_FROM: 'aws-prod', HOT_HETZNER_DR_RESTORE_FROM: 'aws-prod' },
      }),
    ).documents;
    const wiring = restoreWiring(wiringOf(docs, 'aws-prod', 'azure-staging'));
    expect(wiring.problems).toEqual([]);
    expect(wiring.databases.length).toBeGreaterThan(0);
    const images = (veleroValues(docs['azure-staging-apps']).initContainers as Block[]).map((c) => c.image);
    expect(images).toEqual([
      expect.stringMatching(/^velero\/velero-plugin-for-microsoft-azure:/),
      'velero/velero-plugin-for-aws:v1.14.2',
    ]);
    // One reader per target, each its own key.
    expect(
      Object.values(docs['aws-prod'].resource?.aws_iam_user ?? {})
        .map((u) => u.name)
        .filter((n) => String(n).includes('restore-reader'))
        .sort(),
    ).toEqual(['aws-prod-restore-reader-azure-staging', 'aws-prod-restore-reader-hetzner-dr']);
  });
});

describe('npm run rehearse', () => {
  const rehearse = (args: string[]) =>
    spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', 'scripts/rehearse.ts', ...args], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    });

  it('checks the default rehearsal, then prints the deploy commands in order, the checks and the objectives', () => {
    const result = rehearse(['hetzner-dr']);
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toContain(
      '✓ database tasking-manager/tasking-manager-db (50 GiB): recovers from s3://hotosm-aws-prod-backups/cnpg/tasking-manager',
    );
    expect(out).not.toContain('✗');
    const order = [
      'npm run deploy -- aws-prod ',
      "npm run deploy -- 'hetzner-dr*'",
      'velero restore create hetzner-dr-from-aws-prod',
    ];
    const positions = order.map((line) => out.indexOf(line));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(out).toContain('--from-schedule velero-aws-prod-daily');
    expect(out).toContain('curl -sSI https://tasks-api.hotosm-dr.org');
    expect(out).toContain('databases (WAL archived continuously): <= 5 min');
    expect(out).toContain('total: ~63 min');
  });

  it('refuses an environment that restores from nothing, naming the ones that do', () => {
    const result = rehearse(['aws-prod']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'aws-prod: has no restoreFrom; environments that restore from another: hetzner-dr',
    );
  });
});

describe('fail-back: aws-prod restoring from hetzner-dr', () => {
  const reader = {
    HOT_HETZNER_DR_HETZNER_RESTORE_READER_PROJECT_ID: '123456',
    HOT_HETZNER_DR_HETZNER_RESTORE_READER_ACCESS_KEY_ID: 'ABCDEFGHIJKLMNOP1234',
  };
  const back = { HOT_HETZNER_DR_RESTORE_FROM: 'none', HOT_AWS_PROD_RESTORE_FROM: 'hetzner-dr' };

  it('is refused until hetzner-dr names the key of its backups project that may read them', () => {
    expect(hotErrorMessage(() => loadEnvironments({ env: back }))).toBe(
      'HOT_AWS_PROD_RESTORE_FROM = "hetzner-dr": cannot be a restore source: set its hetzner.restoreReader (HOT_HETZNER_DR_HETZNER_RESTORE_READER_PROJECT_ID and _ACCESS_KEY_ID) to a key made in its backups project\'s console; Hetzner has no API for keys, and the bucket policy then denies that key every write',
    );
  });

  const docs = synthEnvironments(loadEnvironments({ env: { ...back, ...reader } })).documents;

  it("denies that key every write, delete and policy change in the backups bucket's own policy", () => {
    const statements = Object.entries(docs['hetzner-dr'].data?.aws_iam_policy_document ?? {})
      .filter(([name]) => name.includes('backups'))
      .flatMap(([, d]) => d.statement as Block[]);
    const deny = statements.find((s) => s.sid === 'RestoreReaderReadsOnly');
    expect(deny).toMatchObject({
      effect: 'Deny',
      principals: [{ type: 'AWS', identifiers: ['arn:aws:iam:::user/p123456:ABCDEFGHIJKLMNOP1234'] }],
      resources: ['arn:aws:s3:::hotosm-hetzner-dr-backups', 'arn:aws:s3:::hotosm-hetzner-dr-backups/*'],
    });
    expect(deny?.actions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:DeleteObject', 's3:PutBucketPolicy']));
    expect(docs['hetzner-dr'].output?.[restoreReaderOutput('aws-prod')]?.value).toMatchObject({
      access_key_id: 'ABCDEFGHIJKLMNOP1234',
    });
  });

  it('recovers every aws-prod database from hetzner-dr and reads its SSE-C Velero backups with its key', () => {
    const wiring = restoreWiring(wiringOf(docs, 'hetzner-dr', 'aws-prod'));
    expect(wiring.problems).toEqual([]);
    expect(wiring.readerKind).toBe('bucket-policy-deny');
    expect(wiring.databases.every((d) => d.restoredFrom?.startsWith('s3://hotosm-hetzner-dr-backups/cnpg/'))).toBe(
      true,
    );
    const values = veleroValues(docs['aws-prod-apps']);
    const location = (values.configuration as { backupStorageLocation: Block[] }).backupStorageLocation[1];
    expect(location).toMatchObject({
      accessMode: 'ReadOnly',
      bucket: 'hotosm-hetzner-dr-backups',
      config: {
        s3Url: 'https://fsn1.your-objectstorage.com',
        s3ForcePathStyle: 'true',
        customerKeyEncryptionFile: '/restore-source-key/customer-key',
      },
    });
    expect(values.extraVolumeMounts).toEqual([
      { name: 'restore-source-key', mountPath: '/restore-source-key', readOnly: true },
    ]);
    expect(docs['aws-prod-apps'].variable?.[RESTORE_VARIABLES.veleroCustomerKey]).toMatchObject({ sensitive: true });
  });

  it('fails a bucket policy that leaves the key a write', () => {
    const cluster = JSON.parse(
      JSON.stringify(docs['hetzner-dr']).replaceAll('"s3:DeleteObject",', ''),
    ) as StackDocument;
    const wiring = restoreWiring({ ...wiringOf(docs, 'hetzner-dr', 'aws-prod'), sourceCluster: cluster });
    expect(wiring.problems).toEqual(['the restore key of hetzner-dr is not denied s3:DeleteObject']);
  });
});
