/** Small readers for Terraform JSON, where a nested block may be an object or a one-element list. */

export function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
}

export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value))
    return value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
  const single = block(value);
  return single ? [single] : [];
}

export function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** True for a Terraform expression (`${...}`), i.e. a value computed from another resource or variable. */
export function isReference(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

export function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

export function lifecycleOf(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return block(config.lifecycle) ?? {};
}

/** The objects the project's own chart delivers in one release (`values` is `{"objects": [...]}`). */
export function deliveredObjects(config: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
  return strings(config.values).flatMap((text) => {
    try {
      const objects = (JSON.parse(text) as Record<string, unknown>).objects;
      return Array.isArray(objects) ? (objects as Record<string, unknown>[]) : [];
    } catch {
      return [];
    }
  });
}

/** The objects of one kind, e.g. `ofKind(objects, 'postgresql.cnpg.io', 'Cluster')`. */
export function ofKind(
  objects: readonly Record<string, unknown>[],
  apiGroup: string,
  kind: string,
): Record<string, unknown>[] {
  return objects.filter((o) => o.kind === kind && String(o.apiVersion).startsWith(`${apiGroup}/`));
}
