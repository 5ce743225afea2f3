import { readFileSync } from 'fs';
import { join } from 'path';

interface Manifest {
  readonly stacks: Record<string, { readonly annotations?: readonly Annotation[] }>;
}

interface Annotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

/** The warnings of a synthesized app, one line each, as the cdktf CLI prints them: `WARN [<path>]: <message>`. */
export function synthWarnings(outdir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.values(manifest.stacks).flatMap((stack) =>
    (stack.annotations ?? [])
      .filter((a) => a.level === '@cdktf/warn')
      .map((a) => `WARN [${a.constructPath}]: ${a.message}`),
  );
}

export function printWarnings(outdir: string): void {
  for (const line of synthWarnings(outdir)) console.warn(line);
}
