import type { AppsConfig } from './config';
import { HotError } from '../core/errors';
import { FieldTmApp } from './field-tm';
import type { HotApp } from './hot-app';
import { OdkCentralApp } from './odk-central';
import { OsmSandboxApp } from './osm-sandbox';
import { ScaleOdmApp } from './scaleodm';
import { DroneTmApp } from './drone-tm';
import { LoginApp } from './login';
import { TaskingManagerApp } from './tasking-manager';
import { OpenAerialMapApp } from './openaerialmap';

/**
 * Every HOT app, as the README lists them. Apps take only the settings (and, when they install, the cluster
 * description): none knows which cloud it runs on.
 */
export function hotApps(settings: AppsConfig): HotApp[] {
  const apps = [
    new OdkCentralApp(settings),
    new FieldTmApp(settings),
    new LoginApp(settings),
    new ScaleOdmApp(settings),
    new DroneTmApp(settings),
    new OsmSandboxApp(settings),
    new TaskingManagerApp(settings),
    new OpenAerialMapApp(settings),
  ];
  const ids = apps.map((app) => app.id);
  const unknown = settings.disabled.filter((id) => !ids.includes(id));
  if (unknown.length > 0) {
    throw new HotError(
      unknown.map((id) => ({
        setting: 'apps.disabled',
        value: id,
        fix: `names no app; the apps are ${ids.join(', ')}`,
      })),
    );
  }
  return apps.filter((app) => !settings.disabled.includes(app.id));
}
