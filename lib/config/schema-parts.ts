import { z } from 'zod';
import { BUCKET_PURPOSES } from '../contracts/workloads';
import { hasHostBits, nonPublicRangeOf, parseCidr } from '../core/cidr';

/**
 * Building blocks of the environment model, shared by every cloud's schema in `clouds/`. Messages are the
 * part after `<setting> = <value>: ` in the one-line errors that `validateEnvironments` produces, so each
 * says what is wrong and how to fix it.
 */

/** Environment names become stack ids, cluster names and name prefixes of cloud resources (IAM allows 38). */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
export const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const TAG_KEY = /^[\w .:/=+@-]{1,128}$/;

export type Issues = z.core.$ZodRawIssue[];

export function custom(path: (string | number)[], input: unknown, message: string): z.core.$ZodRawIssue {
  return { code: 'custom', path, input, message };
}

/**
 * Checks each zone of an environment: `problem` says what is wrong with one the cloud does not have (or
 * undefined when it is fine); a zone listed twice is always wrong.
 */
export function checkZones(
  zones: readonly string[],
  problem: (zone: string) => string | undefined,
  issues: Issues,
  noun = 'zone',
): void {
  const seen = new Set<string>();
  zones.forEach((zone, index) => {
    const message = problem(zone) ?? (seen.has(zone) ? `is listed twice; list each ${noun} once` : undefined);
    if (message) issues.push(custom(['zones', index], zone, message));
    seen.add(zone);
  });
}

export function inRange(value: number | undefined, min: number, max: number): boolean {
  return value === undefined || (value >= min && value <= max);
}

export const cidr = z.string().check((ctx) => {
  if (parseCidr(ctx.value)) return;
  ctx.issues.push({
    code: 'custom',
    input: ctx.value,
    message: hasHostBits(ctx.value)
      ? 'has host bits set; use the network address of the block, e.g. "10.20.0.0/16" instead of "10.20.1.0/16"'
      : 'is not an IPv4 CIDR; write it as a.b.c.d/n, e.g. "10.20.0.0/16"',
  });
});

/** A source range on the public internet that may reach `what` (a public endpoint). */
function publicCidrFor(what: string) {
  return cidr.check((ctx) => {
    const block = parseCidr(ctx.value);
    if (!block) return;
    const nonPublic = nonPublicRangeOf(block);
    const message =
      block.prefix === 0
        ? `opens ${what} to the whole internet; list your office or VPN ranges instead`
        : nonPublic
          ? `lies in the non-public range ${nonPublic}, which the public endpoint never sees, so it admits nobody; ` +
            "list your office's or VPN's public egress range (private networks use the private endpoint)"
          : undefined;
    if (message) ctx.issues.push({ code: 'custom', input: ctx.value, message });
  });
}

export const publicCidr = publicCidrFor('the Kubernetes API');

export function prefixBetween(min: number, max: number, purpose: string) {
  return cidr.refine((value) => inRange(parseCidr(value)?.prefix, min, max), {
    message: `must be between /${min} and /${max} to fit ${purpose}; pick a block of that size`,
  });
}

/** A node pool whose instance types match the cloud's naming, e.g. `m7i.large`, `Standard_D4s_v5`, `cpx31`. */
export function nodePool(instanceType: RegExp, example: string) {
  return z
    .strictObject({
      instanceTypes: z
        .array(z.string().regex(instanceType, `is not an instance type; use a name like "${example}"`))
        .min(1, `is empty; list at least one instance type, e.g. ["${example}"]`),
      minSize: z.int().min(0, 'is negative; use 0 or more'),
      maxSize: z.int().min(1, 'must be at least 1; a pool that can never have a node is not a pool, remove it'),
      desiredSize: z.int().min(0).optional(),
      /** Nodes the pool usually runs, for the cost estimate only. @default desiredSize, else minSize */
      expectedSize: z.int().min(0, 'is negative; use 0 or more').optional(),
      spot: z.boolean().default(false),
      diskSizeGiB: z.int().min(20, 'is too small for a node image and images; use at least 20').max(1024).default(50),
    })
    .check((ctx) => {
      const pool = ctx.value;
      if (pool.minSize > pool.maxSize) {
        ctx.issues.push(
          custom(
            ['minSize'],
            pool.minSize,
            `is greater than maxSize (${pool.maxSize}); lower minSize or raise maxSize`,
          ),
        );
      }
      // A pool whose bounds are wrong is reported once, by its bounds.
      const bounded = pool.minSize <= pool.maxSize && pool.maxSize >= 1;
      if (bounded && pool.expectedSize !== undefined && !inRange(pool.expectedSize, pool.minSize, pool.maxSize)) {
        ctx.issues.push(
          custom(
            ['expectedSize'],
            pool.expectedSize,
            `is outside minSize..maxSize (${pool.minSize}..${pool.maxSize}); the estimate prices nodes the pool can have`,
          ),
        );
      }
      if (pool.desiredSize !== undefined && !inRange(pool.desiredSize, pool.minSize, pool.maxSize)) {
        ctx.issues.push(
          custom(
            ['desiredSize'],
            pool.desiredSize,
            `is outside minSize..maxSize (${pool.minSize}..${pool.maxSize}); pick a size in that range`,
          ),
        );
      }
    });
}

export type NodePoolSchema = ReturnType<typeof nodePool>;
export type NodePoolConfig = z.output<NodePoolSchema>;

/** The core pool runs system services: on-demand only. */
export function corePool(pool: NodePoolSchema) {
  return pool.refine((p) => !p.spot, {
    path: ['spot'],
    message: 'the core pool runs cluster-critical services and must be on-demand; set spot to false',
  });
}

/** A GPU pool accepts only the cloud's NVIDIA instance types. */
export function gpuPool(pool: NodePoolSchema, gpuType: RegExp, families: string, example: string) {
  return pool.check((ctx) => {
    ctx.value.instanceTypes.forEach((type, index) => {
      if (!gpuType.test(type)) {
        ctx.issues.push(
          custom(
            ['instanceTypes', index],
            type,
            `is not an NVIDIA GPU instance type; use a ${families} type, e.g. "${example}"`,
          ),
        );
      }
    });
  });
}

export const tags = z.record(
  z
    .string()
    .regex(TAG_KEY, 'is not a valid tag key; use up to 128 letters, digits, spaces and _ . : / = + - @')
    .refine((key) => !key.toLowerCase().startsWith('aws:'), 'uses the reserved "aws:" prefix; choose another key'),
  z.string().max(256, 'is longer than 256 characters; shorten the tag value'),
);

export const backend = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('local') }),
    z.strictObject({
      type: z.literal('terraform-cloud'),
      organization: z
        .string()
        .regex(
          /^[A-Za-z0-9_-]{3,40}$/,
          'is not a Terraform Cloud organization name; use 3-40 letters, digits, - and _',
        ),
      hostname: z.string().regex(DOMAIN, 'is not a hostname; use e.g. "app.terraform.io"').default('app.terraform.io'),
      workspacePrefix: z
        .string()
        .regex(/^[a-z0-9_-]{0,30}$/, 'may hold only up to 30 lower-case letters, digits, - and _')
        .default('hot-'),
    }),
  ],
  { error: 'must be {"type":"local"} or {"type":"terraform-cloud","organization":"<org>"}' },
);

export type BackendConfig = z.output<typeof backend>;

export const baseDomain = z
  .string()
  .regex(DOMAIN, 'is not a DNS domain; use lower-case labels separated by dots, e.g. "hotosm.org"');

/** A service's name inside the environment's zone: one or more labels, e.g. `tasks` for `tasks.<baseDomain>`. */
const SERVICE_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Public names outside the environment's zone that this environment answers to, each for one of its services:
 * `{ "tasks.hotosm.org": "tasks" }` serves `tasks.<baseDomain>` as `tasks.hotosm.org` too. An alias has one owner
 * at a time: two environments listing it fail synth, so moving it (a failover) is moving its line.
 * @default {} (only the environment's own names)
 */
export const publicAliases = z
  .record(
    z.string().regex(DOMAIN, 'is not a DNS name; use the full public name, e.g. "tasks.hotosm.org"'),
    z
      .string()
      .regex(
        SERVICE_NAME,
        'is not a service name of the environment; use its first label, e.g. "tasks" for tasks.<baseDomain>',
      ),
  )
  .default({});

const K8S_GROUP = /^[a-z0-9][a-z0-9:._-]{0,62}$/;

const httpsUrl = z.url({
  protocol: /^https$/,
  error: "is not an https:// URL; copy it from the issuer's /.well-known/openid-configuration",
});

/**
 * Single sign-on for the admin UIs (Argo CD, Grafana) through an OpenID Connect issuer: HOT's own, OSM's
 * (`https://www.openstreetmap.org`), GitHub's through a broker such as Dex, Entra ID, Keycloak. The client secret
 * is the sensitive variable `admin_sso_client_secret` of the apps stack, never a setting.
 */
export const adminSso = z.strictObject({
  issuerUrl: httpsUrl,
  clientId: z.string().min(1, 'is empty; use the client id the issuer gave the admin UIs'),
  /** Grafana does not read the discovery document: its three endpoints, from the issuer's discovery document. */
  authorizeUrl: httpsUrl,
  tokenUrl: httpsUrl,
  userInfoUrl: httpsUrl,
  /** The ID-token claim the lists below are matched against. @default "groups" */
  claim: z
    .enum(['groups', 'email', 'preferred_username'], {
      error: 'must be "groups", "email" or "preferred_username" (the claim admins and viewers are matched on)',
    })
    .default('groups'),
  /** Claim values (groups, e-mails or user names) that administer Argo CD and Grafana. */
  admins: z
    .array(z.string().min(1))
    .min(1, 'is empty; list who administers the admin UIs, or nobody could change anything after sign-in'),
  /** Claim values with read-only access. @default [] */
  viewers: z.array(z.string().min(1)).default([]),
});
export type AdminSsoSettings = z.output<typeof adminSso>;

/**
 * OpenID Connect for people: the Kubernetes API server accepts the issuer's ID tokens (short-lived, revoked at the
 * identity provider), users and groups prefixed `oidc:` so no token can pose as `system:masters` or a node.
 */
export const kubernetesOidc = z.strictObject({
  /** The issuer; the API server fetches its discovery document and keys over TLS. */
  issuerUrl: z
    .string()
    .regex(/^https:\/\/[^\s/]+(\/\S*)?$/, 'must be an https:// URL (the API server reads the issuer over TLS only)'),
  /** The client id the issuer gave this cluster: the `aud` of the ID tokens. */
  clientId: z.string().regex(/^\S+$/, 'is empty or has spaces; use the client id the issuer gave the cluster'),
  /** The claim that names the user. @default "email" */
  usernameClaim: z.string().regex(/^\S+$/, 'is empty; name a claim of the ID token').default('email'),
  /** The claim that lists the user's groups. @default "groups" */
  groupsClaim: z.string().regex(/^\S+$/, 'is empty; name a claim of the ID token').default('groups'),
});
export type KubernetesOidcSettings = z.output<typeof kubernetesOidc>;

/** Settings of the in-cluster platform: the same on every cloud. */
export const platformSettings = z.strictObject({
  /**
   * How the admin UIs (Argo CD on `argocd.<baseDomain>`, Grafana on `grafana.<baseDomain>`) are published: behind
   * single sign-on, behind a source allow-list, or both. With neither they are not published at all and are
   * reached with `kubectl port-forward`. @default {} (not published)
   */
  adminAccess: z
    .strictObject({
      /** @default undefined (local accounts with generated passwords) */
      sso: adminSso.optional(),
      /** Public source ranges that may reach the admin UIs. @default [] */
      allowedCidrs: z.array(publicCidrFor('the admin UIs')).default([]),
    })
    .default({ allowedCidrs: [] }),
  /** ACME account e-mail for Let's Encrypt. @default hostmaster@<baseDomain> (RFC 2142) */
  acmeEmail: z.email({ error: 'is not an e-mail address; use e.g. "sysadmin@hotosm.org"' }).optional(),
  externalDnsPolicy: z
    .enum(['upsert-only', 'sync'], { error: 'must be "upsert-only" (never deletes records) or "sync"' })
    .default('upsert-only'),
  /** Velero schedule, cron in UTC. */
  backupSchedule: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, 'is not a five-field cron expression; use e.g. "0 2 * * *" (02:00 UTC daily)')
    .default('0 2 * * *'),
  backupRetentionDays: z.int().min(1, 'must be at least 1 day').max(365, 'must be at most 365 days').default(30),
  /** Kubernetes groups with the cluster-wide read-only role. */
  readOnlyGroups: z
    .array(z.string().regex(K8S_GROUP, 'is not a Kubernetes group name; use e.g. "hot:viewers"'))
    .default(['hot:viewers']),
  /**
   * Where Alertmanager sends alerts: e-mail through an SMTP relay and/or a Slack channel. The relay's password
   * (if it needs one) and the Slack webhook URL are sensitive Terraform variables of the apps stack
   * (`alert_smtp_password`, `alert_slack_webhook_url`), never settings. @default {} (no receiver: synth warns)
   */
  alerts: z
    .strictObject({
      email: z
        .strictObject({
          to: z
            .array(z.email({ error: 'is not an e-mail address; use e.g. "sysadmin@hotosm.org"' }))
            .min(1, 'is empty; list who receives alert e-mails'),
          from: z.email({ error: 'is not an e-mail address; use e.g. "alerts@hotosm.org"' }),
          smarthost: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'is not host:port; use e.g. "smtp.example.org:587"'),
          /** SMTP user; its password is the sensitive variable `alert_smtp_password`. @default none (no auth) */
          username: z.string().min(1).optional(),
        })
        .optional(),
      slack: z
        .strictObject({
          channel: z.string().regex(/^#[a-z0-9_-]{1,80}$/, 'is not a Slack channel; use e.g. "#hot-alerts"'),
        })
        .optional(),
    })
    .default({}),
});

export type PlatformSettingsConfig = z.output<typeof platformSettings>;
export type AlertSettings = PlatformSettingsConfig['alerts'];
export type AdminAccessSettings = PlatformSettingsConfig['adminAccess'];

/** Settings of the HOT apps: how they are delivered and sized. The same on every cloud. */
export const appsSettings = z.strictObject({
  /**
   * `helm`: Terraform installs each app as a `helm_release`; `argocd`: Terraform writes an Argo CD Application
   * with the same chart, version and values, and Argo CD syncs it (health and drift in its UI). The OSM sandbox
   * dashboard, whose chart is only in Git, is always an Application. @default "helm"
   */
  delivery: z
    .enum(['helm', 'argocd'], { error: 'must be "helm" (Terraform installs the charts) or "argocd" (Argo CD does)' })
    .default('helm'),
  /**
   * Production sizing: two instances and a PodDisruptionBudget per database, two replicas of each app's
   * stateless parts. False runs one of each (staging). @default true
   */
  highAvailability: z.boolean().default(true),
  /** Apps (by id, e.g. "odk-central") this environment leaves out. @default [] (every app) */
  disabled: z.array(z.string().min(1)).default([]),
  /**
   * The SMTP relay the apps send mail through (ODK Central's and the login's invitations and resets). Its
   * password is the sensitive variable `apps_smtp_password` of the apps stack. @default undefined (no mail: synth warns)
   */
  smtp: z
    .strictObject({
      host: z.string().regex(DOMAIN, 'is not a hostname; use e.g. "smtp.example.org"'),
      port: z.int().min(1).max(65535).default(587),
      from: z.email({ error: 'is not an e-mail address; use e.g. "no-reply@hotosm.org"' }),
      username: z.string().min(1, 'is empty; leave it out for a relay without authentication').optional(),
    })
    .optional(),
});
export type AppsSettings = z.output<typeof appsSettings>;

/** Fields every environment has, whatever its cloud. Each cloud adds `cloud`, `region`, network, pools, dns. */
export const environmentBase = z.strictObject({
  name: z
    .string()
    .regex(ENVIRONMENT_NAME, 'must be 2-20 lower-case letters, digits and -, starting with a letter, e.g. "aws-prod"'),
  zones: z.array(z.string()).min(2, 'needs at least two zones for a highly available control plane; list two or three'),
  kubernetesVersion: z
    .string()
    .regex(/^1\.\d{2}$/, 'must be a Kubernetes minor version like "1.35" (no "v", no patch)'),
  apiAccess: z.strictObject({
    privateEndpoint: z.boolean().default(true),
    publicAccessCidrs: z.array(publicCidr).default([]),
  }),
  backend: backend.default({ type: 'local' }),
  tags: tags.default({}),
  platform: platformSettings.prefault({}),
  apps: appsSettings.prefault({}),
  /**
   * The environment whose backups this one restores from when it is first built (a failover target, or the
   * way back): its databases bootstrap from the source's WAL archive, and Velero reads the source's backups
   * through a read-only key the source's stack creates. @default undefined (a fresh, empty environment)
   */
  restoreFrom: z
    .union(
      [
        // `none` turns a default off where only a string can be given (HOT_<ENV>_RESTORE_FROM=none).
        z.literal('none').transform(() => undefined),
        z.string().regex(ENVIRONMENT_NAME),
      ],
      {
        error: 'is not an environment name; use the name of the environment to restore from, e.g. "aws-prod", or none',
      },
    )
    .optional(),
  /**
   * This environment takes over the source's public aliases (`dns.publicAliases` of `restoreFrom`) and the
   * source stops serving them: the one switch of a real failover. Off, a rehearsal serves only its own names.
   * @default false
   */
  failover: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], {
      error: 'must be true or false',
    })
    .default(false),
});

/**
 * First part of every bucket name, `<bucketPrefix>-<environment>-<purpose>`: bucket names are global on S3 and
 * on Hetzner Object Storage, so use something only your organisation would (its name, or its account id).
 */
export const bucketPrefix = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/,
    'must be 3-40 lower-case letters, digits and -, starting and ending with a letter or digit (the - before the environment is added), e.g. "hotosm"',
  )
  .default('hotosm');

/** The bucket of one purpose: `<bucketPrefix>-<environment>-<purpose>`, unique per environment. */
export function bucketName(prefix: string, environment: string, purpose: string): string {
  return `${prefix}-${environment}-${purpose}`;
}

const LONGEST_BUCKET_PURPOSE = [...BUCKET_PURPOSES].sort((a, b) => b.length - a.length)[0];

/** Bucket names allow 63 characters on S3 and Hetzner Object Storage alike; the longest purpose must fit. */
export function checkBucketNames(
  prefix: string,
  environment: string,
  store: string,
  issues: Issues,
  path: string[],
): void {
  const longest = bucketName(prefix, environment, LONGEST_BUCKET_PURPOSE);
  if (longest.length > 63) {
    issues.push(
      custom(
        path,
        prefix,
        `makes bucket "${longest}" ${longest.length} characters; ${store} allows 63, use a shorter prefix`,
      ),
    );
  }
}
