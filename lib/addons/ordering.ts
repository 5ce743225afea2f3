import { HotError } from '../core/errors';
import type { AddOn } from '../contracts/addon';

/**
 * Orders add-ons so each comes after the ones it depends on, keeping the given order otherwise
 * (a stable topological sort). Fails on duplicate ids, unknown dependencies and cycles.
 */
export function orderAddOns(addOns: readonly AddOn[]): AddOn[] {
  const byId = new Map<string, AddOn>();
  for (const addOn of addOns) {
    if (byId.has(addOn.id)) {
      throw new HotError({
        setting: `add-on ${addOn.id}`,
        fix: 'is registered twice; give each add-on a unique id or remove the duplicate',
      });
    }
    byId.set(addOn.id, addOn);
  }
  for (const addOn of addOns) {
    for (const dependency of addOn.dependsOn ?? []) {
      if (!byId.has(dependency)) {
        throw new HotError({
          setting: `add-on ${addOn.id}.dependsOn`,
          value: dependency,
          fix: `names no installed add-on; install "${dependency}" too or remove the dependency`,
        });
      }
    }
  }

  const ordered: AddOn[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (addOn: AddOn, trail: readonly string[]): void => {
    const seen = state.get(addOn.id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new HotError({
        setting: `add-on ${addOn.id}.dependsOn`,
        value: [...trail, addOn.id].join(' -> '),
        fix: 'is a cycle; remove one of these dependencies',
      });
    }
    state.set(addOn.id, 'visiting');
    for (const dependency of addOn.dependsOn ?? []) visit(byId.get(dependency) as AddOn, [...trail, addOn.id]);
    state.set(addOn.id, 'done');
    ordered.push(addOn);
  };
  addOns.forEach((addOn) => visit(addOn, []));
  return ordered;
}
