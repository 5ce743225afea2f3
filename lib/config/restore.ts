import type { CrossEnvironmentProblem } from './cross-environment';
import type { Environment } from './schema';

/**
 * Why an environment cannot hand out a read-only key to its backups, if it cannot. AWS can (an IAM user its
 * stack creates); Hetzner once a key of its backups project is named (`hetzner.restoreReader`: keys are made
 * by hand, and the bucket policy takes every write from it); Azure not yet.
 */
export function restoreSourceLimit(source: Environment): string | undefined {
  switch (source.cloud) {
    case 'aws':
      return undefined;
    case 'azure':
      return 'it is on azure, whose backups account takes no shared keys or SAS (management plane only) and whose workload identities work only inside Azure, so no read-only key can reach another cloud yet';
    case 'hetzner':
      return source.hetzner.restoreReader
        ? undefined
        : `set its hetzner.restoreReader (HOT_${source.name.toUpperCase().replace(/-/g, '_')}_HETZNER_RESTORE_READER_PROJECT_ID and _ACCESS_KEY_ID) to a key made in its backups project's console; Hetzner has no API for keys, and the bucket policy then denies that key every write`;
  }
}

/**
 * `restoreFrom` names another configured environment, one whose cloud can hand out a read-only key, and that
 * does not restore from this one in turn; `failover` needs a source whose aliases it takes over.
 */
export function restoreProblems(
  environments: readonly Environment[],
  givenNames: readonly string[] = environments.map((e) => e.name),
): CrossEnvironmentProblem[] {
  const problems: CrossEnvironmentProblem[] = [];
  const byName = new Map(environments.map((env) => [env.name, env]));
  for (const env of environments) {
    const problem = (path: string, value: string, fix: string) =>
      problems.push({ environment: env.name, path: [path], value, fix });
    if (env.restoreFrom === undefined) {
      if (env.failover) {
        problem(
          'failover',
          'true',
          'needs restoreFrom: a failover takes over the public aliases of the environment it restores from',
        );
      }
      continue;
    }
    const source = byName.get(env.restoreFrom);
    if (env.restoreFrom === env.name) {
      problem(
        'restoreFrom',
        env.restoreFrom,
        'is this environment itself; name the environment whose backups it restores from',
      );
    } else if (!source && givenNames.includes(env.restoreFrom)) {
      continue; // given but invalid: its own problems say why
    } else if (!source) {
      problem(
        'restoreFrom',
        env.restoreFrom,
        `is not a configured environment; use one of ${environments
          .filter((e) => e !== env)
          .map((e) => e.name)
          .join(', ')}`,
      );
    } else if (restoreSourceLimit(source)) {
      problem('restoreFrom', env.restoreFrom, `cannot be a restore source: ${restoreSourceLimit(source)}`);
    } else if (source.restoreFrom === env.name) {
      problem(
        'restoreFrom',
        env.restoreFrom,
        `restores from ${env.name} in turn; only one direction at a time: drop restoreFrom on the side that holds the data`,
      );
    }
  }
  return problems;
}

/**
 * The public aliases an environment serves: its own, plus its source's when it has failed over; none when
 * another environment has failed over from it. A single owner per alias stays true either way.
 */
export function servedPublicAliases(
  env: Environment,
  environments: readonly Environment[],
): Readonly<Record<string, string>> {
  const takenOver = environments.some((other) => other.failover && other.restoreFrom === env.name);
  if (takenOver) return {};
  const source = env.failover ? environments.find((other) => other.name === env.restoreFrom) : undefined;
  return { ...(source?.dns.publicAliases ?? {}), ...env.dns.publicAliases };
}
