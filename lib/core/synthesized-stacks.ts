import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Environment } from '../config/schema';
import type { StackDocument } from '../policies/types';

/** A synthesized stack's Terraform JSON in `outdir`, or undefined when that stack was not synthesized. */
export function readSynthesizedStack(stack: string, outdir = 'cdktf.out'): StackDocument | undefined {
  const file = join(outdir, 'stacks', stack, 'cdk.tf.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StackDocument) : undefined;
}

/** The cluster and apps stacks of `environments` found in `outdir`, by stack id. */
export function readEnvironmentStacks(
  environments: readonly Environment[],
  outdir = 'cdktf.out',
): Record<string, StackDocument> {
  const documents: Record<string, StackDocument> = {};
  for (const env of environments) {
    for (const stack of [env.name, `${env.name}-apps`]) {
      const document = readSynthesizedStack(stack, outdir);
      if (document) documents[stack] = document;
    }
  }
  return documents;
}
