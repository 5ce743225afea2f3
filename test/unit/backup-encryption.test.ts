import { loadEnvironments } from '../../lib/config/load';
import { block, blocks } from '../../lib/policies/read';
import type { StackDocument } from '../../lib/policies/types';
import { synthEnvironments } from '../support/synth';

type Block = Record<string, unknown>;

const { documents } = synthEnvironments(loadEnvironments({ env: {} }));
const veleroValues = (doc: StackDocument) => {
  const release = Object.values(doc.resource?.helm_release ?? {}).find((r) => r.name === 'velero');
  return JSON.parse((release?.values as string[])[0]) as Record<string, Block & Record<string, Block>>;
};

/** Random bytes Velero's add-on makes (apps make their own, e.g. Field-TM's Fernet key). */
const veleroRandomBytes = (doc: StackDocument) =>
  Object.entries(doc.resource?.random_bytes ?? {})
    .filter(([name]) => name.startsWith('velero_'))
    .map(([, config]) => config);

describe('backups on a store without encryption at rest (Hetzner Object Storage)', () => {
  const apps = documents['hetzner-dr-apps'];
  const values = veleroValues(apps);

  it('are written with SSE-C: a generated 32-byte key, mounted into the server and the node agents', () => {
    const [location] = (values.configuration as unknown as { backupStorageLocation: { config: Block }[] })
      .backupStorageLocation;
    expect(location.config.customerKeyEncryptionFile).toBe('/customer-key/customer-key');
    const volume = [{ name: 'customer-key', secret: { secretName: 'velero-customer-key' } }];
    const mount = [{ name: 'customer-key', mountPath: '/customer-key', readOnly: true }];
    expect([values.extraVolumes, values.extraVolumeMounts]).toEqual([volume, mount]);
    expect([values.nodeAgent.extraVolumes, values.nodeAgent.extraVolumeMounts]).toEqual([volume, mount]);
    expect(veleroRandomBytes(apps)).toEqual([expect.objectContaining({ length: 32 })]);
    const secret = Object.values(apps.resource?.kubernetes_secret_v1 ?? {}).find(
      (s) => block(s.metadata)?.name === 'velero-customer-key',
    );
    // binary_data takes base64, so the file holds the 32 raw bytes the plugin reads (hex or base64 text would be
    // cut to its first 32 characters).
    expect(secret?.binary_data).toEqual({ 'customer-key': '${random_bytes.velero_customer-key_927F7A73.base64}' });
    expect(apps.output?.['velero-customer-key']).toMatchObject({ sensitive: true });
  });

  it('are locked in COMPLIANCE mode for 14 days, old versions kept at least that long, the app buckets unlocked', () => {
    const cluster = documents['hetzner-dr'];
    const buckets = Object.entries(cluster.resource?.aws_s3_bucket ?? {});
    const locked = buckets.filter(([, b]) => b.object_lock_enabled === true).map(([, b]) => b.bucket);
    expect(locked).toEqual(['hotosm-hetzner-dr-backups']);
    const [lock] = Object.values(cluster.resource?.aws_s3_bucket_object_lock_configuration ?? {});
    expect(block(block(lock.rule)?.default_retention)).toEqual({ mode: 'COMPLIANCE', days: 14 });
    const lifecycles = Object.values(cluster.resource?.aws_s3_bucket_lifecycle_configuration ?? {});
    const backupsAddress = buckets.find(([, b]) => b.bucket === 'hotosm-hetzner-dr-backups')?.[0];
    const backups = lifecycles.find((l) => String(l.bucket).includes(`${backupsAddress}.`));
    const days = blocks(backups?.rule).flatMap((r) =>
      blocks(r.noncurrent_version_expiration).map((e) => Number(e.noncurrent_days)),
    );
    expect(days.length).toBeGreaterThan(0);
    for (const d of days) expect(d).toBeGreaterThanOrEqual(14);
  });
});

describe('backups on stores that encrypt at rest', () => {
  it.each(['aws-prod-apps', 'azure-staging-apps'])('%s: no customer key', (stack) => {
    const values = veleroValues(documents[stack]);
    expect(JSON.stringify(values)).not.toContain('customerKeyEncryptionFile');
    expect(veleroRandomBytes(documents[stack])).toEqual([]);
  });
});
