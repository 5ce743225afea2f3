import type { StackDocument } from '../../lib/policies/types';

/** Every resource of one type in a synthesized stack. */
export function resourcesOf(doc: StackDocument, type: string): Record<string, unknown>[] {
  return Object.values(doc.resource?.[type] ?? {});
}

/** The single resource of a type; fails the test when there is not exactly one. */
export function onlyResource(doc: StackDocument, type: string): Record<string, unknown> {
  const list = resourcesOf(doc, type);
  expect(list).toHaveLength(1);
  return list[0];
}
