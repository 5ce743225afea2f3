import { DEFAULT_ENVIRONMENTS } from './environments';
import { applyOverrides } from './overrides';
import type { Environment, EnvironmentInput } from './schema';
import { validateEnvironments } from './validate';

export interface LoadOptions {
  /** The value of the cdktf context key `hot`. @default undefined (no overrides) */
  readonly context?: unknown;
  /** Environment variables to read HOT_* overrides from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The environments before overrides. @default DEFAULT_ENVIRONMENTS */
  readonly defaults?: readonly EnvironmentInput[];
}

/** Reads, merges and validates every environment; throws one `HotError` listing every bad setting. */
export function loadEnvironments(options: LoadOptions = {}): Environment[] {
  const { raw, sources, problems } = applyOverrides(
    options.defaults ?? DEFAULT_ENVIRONMENTS,
    options.context,
    options.env ?? process.env,
  );
  return validateEnvironments(raw, { sources, problems });
}
