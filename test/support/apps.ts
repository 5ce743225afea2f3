import { hotApps } from '../../lib/apps';

/** Every app's id: what an environment lists in `apps.disabled` to leave them all out. */
export const ALL_APPS: string[] = hotApps({ delivery: 'helm', highAvailability: true, disabled: [] }).map((a) => a.id);
