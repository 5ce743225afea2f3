import { Release } from '@cdktf/provider-helm/lib/release';
import { AssetType, type ITerraformDependable, TerraformAsset, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import * as path from 'path';
import { HotError } from './errors';
import { RELEASE_DEFAULTS, checkReleaseName } from './helm';

/** What every object needs; typed models (`@kubernetes-models/*`) satisfy it and add `validate()`. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  /** Schema validation of typed models; called before synth. */
  validate?(): void;
  toJSON?(): unknown;
}

export interface ObjectsReleaseProps {
  readonly releaseName: string;
  /** Namespace of the Helm release record (objects carry their own namespaces). */
  readonly namespace: string;
  readonly objects: readonly KubernetesObject[];
  /** What must exist first, typically the release that installs the CRDs. @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** The objects hold data (a database): Terraform refuses to destroy the release. @default false */
  readonly preventDestroy?: boolean;
}

export const OBJECTS_CHART_DIR = path.join(__dirname, '..', '..', 'charts', 'objects');
export const OBJECTS_CHART_VERSION = '0.1.0';

const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Delivers Kubernetes objects through the project's `hot-objects` chart. Objects are validated here (typed
 * model schema, names, duplicates), so a bad object fails synth instead of a later apply.
 */
export class ObjectsRelease extends Construct {
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: ObjectsReleaseProps) {
    super(scope, id);
    checkReleaseName(props.releaseName, `objects release ${id}`);
    const rendered = props.objects.map((object) => validateObject(object, props.releaseName));
    const seen = new Set<string>();
    for (const object of rendered) {
      const key = `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
      if (seen.has(key)) {
        throw new HotError({
          setting: `objects release ${props.releaseName}`,
          value: key,
          fix: 'holds this object twice; keep one',
        });
      }
      seen.add(key);
    }
    this.release = new Release(this, 'release', {
      ...RELEASE_DEFAULTS,
      name: props.releaseName,
      namespace: props.namespace,
      chart: objectsChartAsset(this).path,
      version: OBJECTS_CHART_VERSION,
      values: [JSON.stringify({ objects: rendered })],
      dependsOn: props.dependsOn,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
  }
}

/** One copy of the chart per stack, shared by every release in it. */
function objectsChartAsset(scope: Construct): TerraformAsset {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild('objects-chart');
  if (existing instanceof TerraformAsset) return existing;
  return new TerraformAsset(stack, 'objects-chart', { path: OBJECTS_CHART_DIR, type: AssetType.DIRECTORY });
}

function validateObject(object: KubernetesObject, release: string): KubernetesObject {
  const label = `objects release ${release}: ${object.kind}/${object.metadata?.name ?? '?'}`;
  if (!object.apiVersion || !object.kind) {
    throw new HotError({ setting: label, value: object, fix: 'needs apiVersion and kind' });
  }
  const name = object.metadata?.name;
  if (!name || !NAME.test(name)) {
    throw new HotError({
      setting: `${label} metadata.name`,
      value: name,
      fix: 'must be a DNS subdomain name (a-z, 0-9, - and .)',
    });
  }
  try {
    object.validate?.();
  } catch (error) {
    throw new HotError({ setting: label, fix: `fails its schema: ${(error as Error).message.split('\n')[0]}` });
  }
  return (object.toJSON?.() as KubernetesObject | undefined) ?? object;
}
