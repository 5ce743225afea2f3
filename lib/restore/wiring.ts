import { chartScheduleName } from '../addons/velero';
import { RESTORE_VARIABLES, restoreReaderOutput } from '../contracts/restore';
import { RESTORE_READER_ACTIONS } from '../aws/restore-reader';
import { RESTORE_READER_DENIED_ACTIONS } from '../hetzner/restore-reader';
import { block, blocks, deliveredObjects, ofKind, strings } from '../policies/read';
import type { StackDocument } from '../policies/types';

type Json = Record<string, unknown>;

/** The three synthesized stacks a restore involves. */
export interface RestoreDocuments {
  readonly source: string;
  readonly target: string;
  /** The source's cluster stack (where the read-only key is made). */
  readonly sourceCluster: StackDocument;
  readonly sourceApps: StackDocument;
  readonly targetApps: StackDocument;
}

export interface DatabaseWiring {
  readonly namespace: string;
  readonly cluster: string;
  /** The source archives this database (WAL archiver and a ScheduledBackup). */
  readonly backedUp: boolean;
  /** Where the target recovers it from, if it does. */
  readonly restoredFrom?: string;
  /** Where the target archives it to. */
  readonly archivesTo?: string;
  readonly sizeGiB: number;
}

export interface RestoreWiring {
  readonly databases: readonly DatabaseWiring[];
  /**
   * How the source keeps the key read-only: an IAM user of its own (AWS: `readerActions` is all it may do), or
   * a bucket policy that denies a hand-made key every write (Hetzner: `readerActions` lists what it denies).
   */
  readonly readerKind?: 'aws-iam-user' | 'bucket-policy-deny';
  readonly readerActions: readonly string[];
  /** The source's Velero schedule and the target's read-only location of it. */
  readonly veleroSchedule?: string;
  readonly veleroReadOnlyBucket?: string;
  /** Every way the wiring falls short, one line each; empty when the rehearsal can run. */
  readonly problems: readonly string[];
}

/** Actions a restore reader may hold; anything else (a Put, a Delete, a policy change) is a problem. */
const READ_ACTIONS: ReadonlySet<string> = new Set(RESTORE_READER_ACTIONS);

interface DatabaseObjects {
  readonly clusters: Json[];
  readonly stores: Map<string, string>;
  readonly scheduled: Set<string>;
}

function databaseObjects(document: StackDocument): DatabaseObjects {
  const objects = Object.values(document.resource?.helm_release ?? {}).flatMap(deliveredObjects);
  const key = (o: Json) => `${String(block(o.metadata)?.namespace)}/${String(block(o.metadata)?.name)}`;
  const clusters = ofKind(objects, 'postgresql.cnpg.io', 'Cluster');
  const stores = new Map(
    ofKind(objects, 'barmancloud.cnpg.io', 'ObjectStore').map(
      (o) => [key(o), String(block(block(o.spec)?.configuration)?.destinationPath)] as const,
    ),
  );
  const scheduled = new Set(
    ofKind(objects, 'postgresql.cnpg.io', 'ScheduledBackup').map(
      (o) => `${String(block(o.metadata)?.namespace)}/${String(block(block(o.spec)?.cluster)?.name)}`,
    ),
  );
  return { clusters, stores, scheduled };
}

/** The ObjectStore a Cluster archives its WAL to. */
function walArchiveStore(spec: Json): string | undefined {
  const plugin = blocks(spec.plugins).find((p) => p.isWALArchiver === true);
  const name = block(plugin?.parameters)?.barmanObjectName;
  return typeof name === 'string' ? name : undefined;
}

function databasesOf(documents: RestoreDocuments, problems: string[]): DatabaseWiring[] {
  const source = databaseObjects(documents.sourceApps);
  const target = databaseObjects(documents.targetApps);
  const archived = new Map<string, string>();
  for (const cluster of source.clusters) {
    const meta = block(cluster.metadata) ?? {};
    const id = `${String(meta.namespace)}/${String(meta.name)}`;
    const store = walArchiveStore(block(cluster.spec) ?? {});
    if (store && source.scheduled.has(id))
      archived.set(id, String(source.stores.get(`${String(meta.namespace)}/${store}`)));
  }
  return target.clusters.map((cluster) => {
    const meta = block(cluster.metadata) ?? {};
    const namespace = String(meta.namespace);
    const name = String(meta.name);
    const id = `${namespace}/${name}`;
    const spec = block(cluster.spec) ?? {};
    const recovery = block(block(spec.bootstrap)?.recovery);
    const origin = blocks(spec.externalClusters).find((c) => c.name === recovery?.source);
    const originStore = block(block(origin?.plugin)?.parameters)?.barmanObjectName;
    const restoredFrom = originStore ? target.stores.get(`${namespace}/${String(originStore)}`) : undefined;
    const archiveStore = walArchiveStore(spec);
    const archivesTo = archiveStore ? target.stores.get(`${namespace}/${archiveStore}`) : undefined;
    const sourcePath = archived.get(id);
    const sizeGiB = Number.parseInt(String(block(spec.storage)?.size ?? '0'), 10);
    if (!sourcePath)
      problems.push(`${id}: ${documents.source} keeps no backup of it (no WAL archive with a ScheduledBackup)`);
    else if (!restoredFrom)
      problems.push(`${id}: ${documents.target} starts it empty instead of recovering it from ${documents.source}`);
    else if (!samePath(restoredFrom, sourcePath))
      problems.push(`${id}: recovers from ${restoredFrom}, but ${documents.source} archives it to ${sourcePath}`);
    if (!archivesTo) problems.push(`${id}: ${documents.target} archives no WAL of it`);
    else if (restoredFrom && writesIntoSource(archivesTo, bucketOf(restoredFrom), documents.source))
      problems.push(`${id}: ${documents.target} would archive into ${documents.source}'s backups (${archivesTo})`);
    return { namespace, cluster: name, backedUp: sourcePath !== undefined, restoredFrom, archivesTo, sizeGiB };
  });
}

const bucketOf = (path: string) => /^s3:\/\/(\$\{[^}]*\}|[^/]*)/.exec(path)?.[1] ?? '';
const keyOf = (path: string) => path.slice(`s3://${bucketOf(path)}`.length);

/**
 * The source's stacks name its bucket by reference (`${...}`), the target's copy by name; a restore reads the
 * source's location when the paths inside the bucket match.
 */
function samePath(restoredFrom: string, sourcePath: string): boolean {
  return keyOf(restoredFrom) === keyOf(sourcePath);
}

/** The target archives into the source's bucket: by its name, or by a reference into the source's state. */
function writesIntoSource(archivesTo: string, sourceBucket: string, source: string): boolean {
  const bucket = bucketOf(archivesTo);
  return bucket === sourceBucket || bucket.includes(`cross-stack-reference-input-${source}.`);
}

function veleroValues(document: StackDocument): Json | undefined {
  const release = Object.values(document.resource?.helm_release ?? {}).find((r) => r.chart === 'velero');
  const text = strings(release?.values)[0];
  return text ? (JSON.parse(text) as Json) : undefined;
}

function awsReader(documents: RestoreDocuments, problems: string[], userKey: string, userName: string): string[] {
  const policies = Object.values(documents.sourceCluster.resource?.aws_iam_user_policy ?? {}).filter(
    (p) => p.user === `\${aws_iam_user.${userKey}.name}`,
  );
  const documentsData = documents.sourceCluster.data?.aws_iam_policy_document ?? {};
  const statements = policies.flatMap((policy) => {
    const ref = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(policy.policy))?.[1];
    return ref ? blocks(documentsData[ref]?.statement) : [];
  });
  const actions = [...new Set(statements.flatMap((s) => strings(s.actions)))].sort();
  const writes = actions.filter((a) => !READ_ACTIONS.has(a));
  if (writes.length > 0) problems.push(`${userName} may do more than read: ${writes.join(', ')}`);
  if (statements.some((s) => s.effect !== 'Allow' || strings(s.not_actions).length > 0)) {
    problems.push(`${userName}: every statement must Allow a listed action (no NotAction)`);
  }
  if (!actions.includes('s3:GetObject')) problems.push(`${userName} cannot read the backups (no s3:GetObject)`);
  return actions;
}

/** A key of a Hetzner project, as its bucket policies name it. */
const HETZNER_KEY = /^arn:aws:iam:::user\/p\d+:/;

function bucketPolicyReader(documents: RestoreDocuments, problems: string[]): string[] | undefined {
  const denies = Object.values(documents.sourceCluster.data?.aws_iam_policy_document ?? {})
    .flatMap((d) => blocks(d.statement))
    .filter(
      (s) =>
        s.effect === 'Deny' &&
        blocks(s.principals).some((p) => strings(p.identifiers).some((id) => HETZNER_KEY.test(id))),
    );
  if (denies.length === 0) return undefined;
  const denied = [...new Set(denies.flatMap((s) => strings(s.actions)))].sort();
  const missing = RESTORE_READER_DENIED_ACTIONS.filter((a) => !denied.includes(a));
  if (missing.length > 0) problems.push(`the restore key of ${documents.source} is not denied ${missing.join(', ')}`);
  return denied;
}

function reader(documents: RestoreDocuments, problems: string[]): Pick<RestoreWiring, 'readerKind' | 'readerActions'> {
  const output = documents.sourceCluster.output?.[restoreReaderOutput(documents.target)];
  if (!output)
    problems.push(`${documents.source}: no output ${restoreReaderOutput(documents.target)} naming the restore key`);
  const userName = `${documents.source}-restore-reader-${documents.target}`;
  const user = Object.entries(documents.sourceCluster.resource?.aws_iam_user ?? {}).find(
    ([, u]) => u.name === userName,
  );
  if (user) {
    if (output && output.sensitive !== true) {
      problems.push(`${documents.source}: output ${restoreReaderOutput(documents.target)} is not sensitive`);
    }
    return { readerKind: 'aws-iam-user', readerActions: awsReader(documents, problems, user[0], userName) };
  }
  const denied = bucketPolicyReader(documents, problems);
  if (denied) return { readerKind: 'bucket-policy-deny', readerActions: denied };
  problems.push(
    `${documents.source}: no read-only key for ${documents.target} (IAM user ${userName}, or a bucket policy denying a key every write)`,
  );
  return { readerActions: [] };
}

/** Checks what a rehearsal depends on, from the synthesized stacks alone (no cloud is asked). */
export function restoreWiring(documents: RestoreDocuments): RestoreWiring {
  const problems: string[] = [];
  const databases = databasesOf(documents, problems);
  const access = reader(documents, problems);
  const sourceVelero = veleroValues(documents.sourceApps);
  const targetVelero = veleroValues(documents.targetApps);
  const schedule = Object.keys(block(sourceVelero?.schedules) ?? {})[0];
  if (!schedule)
    problems.push(`${documents.source}: Velero has no schedule, so there are no volume backups to restore`);
  const locations = blocks(block(targetVelero?.configuration)?.backupStorageLocation);
  const readOnly = locations.find((l) => l.accessMode === 'ReadOnly');
  if (!readOnly) problems.push(`${documents.target}: Velero has no ReadOnly location of ${documents.source}'s backups`);
  const variables = [
    RESTORE_VARIABLES.accessKeyId,
    RESTORE_VARIABLES.secretAccessKey,
    RESTORE_VARIABLES.veleroRepositoryPassword,
    ...(block(readOnly?.config)?.customerKeyEncryptionFile ? [RESTORE_VARIABLES.veleroCustomerKey] : []),
  ];
  for (const variable of variables) {
    if (documents.targetApps.variable?.[variable]?.sensitive !== true) {
      problems.push(`${documents.target}-apps: sensitive variable ${variable} is not declared`);
    }
  }
  return {
    databases,
    ...access,
    veleroSchedule: schedule ? chartScheduleName(schedule) : undefined,
    veleroReadOnlyBucket: readOnly ? String(block(readOnly)?.bucket) : undefined,
    problems,
  };
}
