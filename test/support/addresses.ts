import type { StackDocument } from '../../lib/policies/types';

/** Sorted addresses of every resource and data source in a stack: what Terraform tracks in state. */
export function addressesOf(document: StackDocument): string[] {
  const list: string[] = [];
  for (const [type, blocks] of Object.entries(document.resource ?? {}))
    list.push(...Object.keys(blocks).map((n) => `${type}.${n}`));
  for (const [type, blocks] of Object.entries(document.data ?? {}))
    list.push(...Object.keys(blocks).map((n) => `data.${type}.${n}`));
  return list.sort();
}
