type Path = readonly (string | number)[];

interface Source {
  readonly path: Path;
  /**
   * What the user set: a `HOT_*` variable or another context key (`context hot.terraformCloud.hostname`).
   * @default the same path under `context hot.environments.<env>`
   */
  readonly label?: string;
  readonly list?: boolean;
}

/**
 * Where each overridden setting came from, so a problem names what the user set (`HOT_AWS_PROD_AWS_ACCOUNT_ID`,
 * `context hot.environments.aws-prod.nodePools.core.maxSize`) rather than the schema path. A setting nobody
 * overrode is named by its schema path, `environments.<env>.<path>`: it is set in lib/config/environments/.
 */
export class SettingSources {
  private readonly byEnvironment = new Map<string, Source[]>();

  /** Records a setting; a later record for the same path replaces the earlier (variables win over context). */
  record(environment: string, source: Source): void {
    const sources = (this.byEnvironment.get(environment) ?? []).filter((s) => !isPrefix(source.path, s.path));
    this.byEnvironment.set(environment, [...sources, source]);
  }

  /** The name of the setting at `path` of `environment`, as the user set it. */
  nameOf(environment: string, path: Path): string {
    const sources = this.byEnvironment.get(environment) ?? [];
    const set = sources.filter((s) => isPrefix(s.path, path)).sort((a, b) => b.path.length - a.path.length)[0] as
      Source | undefined;
    if (set?.label !== undefined) {
      const rest = path.slice(set.path.length);
      if (rest.length === 0) return set.label;
      if (set.list && typeof rest[0] === 'number' && rest.length === 1) return `${set.label} item ${rest[0] + 1}`;
    }
    const fromContext =
      (set !== undefined && set.label === undefined) ||
      sources.some((s) => s.label === undefined && isPrefix(path, s.path));
    const dotted = [environment, ...path].join('.');
    return fromContext ? `context hot.environments.${dotted}` : `environments.${dotted}`;
  }
}

function isPrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => String(path[index]) === String(key));
}
