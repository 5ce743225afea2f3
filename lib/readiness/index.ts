import type { Environment } from '../config/schema';
import { credentialFindings } from './credentials';
import type { Finding } from './finding';
import { settingFindings } from './settings';
import { nodeFindings, type RunBinary, toolFindings } from './tools';

export { formatFinding, type Finding } from './finding';

/** What synthesizing the environment's two stacks found. */
export interface SynthOutcome {
  /** Policy violations, one finding each. */
  readonly findings: readonly Finding[];
  /** Terraform variables the stacks declare without a default. */
  readonly requiredVariables: readonly string[];
}

export interface ReadinessContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  readonly run: RunBinary;
  /** The Node.js the cdktf CLI would run on, e.g. `v22.23.5`. */
  readonly nodeVersion: string;
  readonly insideNetwork: boolean;
  readonly synthesize: (environment: Environment) => SynthOutcome;
}

/** Everything between `environment` and a real deploy from this machine; ready when no finding is a blocker. */
export function checkReadiness(environment: Environment, context: ReadinessContext): Finding[] {
  const synth = context.synthesize(environment);
  return [
    ...settingFindings(environment, { insideNetwork: context.insideNetwork }),
    ...nodeFindings(context.nodeVersion),
    ...toolFindings(environment, context.run),
    ...credentialFindings(environment, {
      env: context.env,
      home: context.home,
      requiredVariables: synth.requiredVariables,
    }),
    ...synth.findings,
  ];
}

export function isReady(findings: readonly Finding[]): boolean {
  return findings.every((f) => f.severity !== 'blocker');
}
