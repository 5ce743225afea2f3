import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { resources } from '../../addons/common';
import type { AppContext } from '../hot-app';
import { generatedSecret, smtpPasswordEntry } from '../secrets';

/** Hanko, the version HOT runs (hotosm/k8s-infra apps/hanko); distroless, `USER 65532:65532`. */
export const HANKO_IMAGE = 'ghcr.io/teamhanko/hanko:v2.1.0';
const HANKO_UID = '65532';
/** Hanko's public API; its admin API (8001) is never exposed. */
export const HANKO_PORT = 8000;
export const HANKO_SERVICE = 'hanko';
const CONFIG_SECRET = 'hanko-config';
const CONFIG_DIR = '/etc/config';

export interface HankoProps {
  readonly context: AppContext;
  /** The login's public host, e.g. `login.hotosm.org`: Hanko's issuer, audience and WebAuthn relying party. */
  readonly host: string;
  /** Origins whose pages call Hanko from the browser (the apps that sign in with it). */
  readonly origins: readonly string[];
}

/**
 * Hanko for the login, as typed resources (it has no chart): one `config.yaml` in a Secret built from the
 * database's generated password, a generated session key and the SMTP relay's, `migrate up` as an init
 * container, `serve all` restricted on the worker pool. Sign-in by password, and by e-mailed passcode where
 * `apps.smtp` is set. OSM sign-in needs HOT's `osm-userinfo` sidecar, published only as `:latest`: not here.
 */
export class Hanko extends Construct {
  public readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: HankoProps) {
    super(scope, id);
    const { context, host } = props;
    const database = context.database;
    if (!database) throw new Error('Hanko needs the login database');
    const smtp = context.settings.smtp;
    const domain = context.cluster.dns.baseDomain;
    const smtpPassword = smtpPasswordEntry(this, context.settings, 'password');
    const config = {
      debug: false,
      account: { allow_deletion: false, allow_signup: true },
      database: {
        user: database.owner,
        password: database.password,
        host: database.host,
        port: String(database.port),
        database: database.name,
        dialect: 'postgres',
      },
      email: {
        enabled: true,
        require_verification: false,
        use_as_login_identifier: true,
        use_for_authentication: smtp !== undefined,
      },
      email_delivery: smtp
        ? {
            enabled: true,
            from_address: smtp.from,
            from_name: 'HOT Login',
            smtp: { host: smtp.host, port: String(smtp.port), user: smtp.username ?? '', ...smtpPassword },
          }
        : { enabled: false },
      secrets: { keys: [generatedSecret(this, 'session-key', 48)] },
      service: { name: 'HOT Login' },
      session: {
        enable_auth_token_header: true,
        audience: [`https://${host}`],
        issuer: `https://${host}`,
        lifespan: '72h',
        // One cookie for every app of the environment's domain.
        cookie: {
          name: 'hanko',
          domain: `.${domain}`,
          retention: 'persistent',
          secure: true,
          http_only: true,
          same_site: 'lax',
        },
      },
      server: { public: { cors: { allow_origins: [...props.origins] } } },
      password: { enabled: true },
      webauthn: { relying_party: { id: host, origins: [`https://${host}`] } },
      mfa: { enabled: false },
    };
    const secret = new SecretV1(this, 'config', {
      metadata: { name: CONFIG_SECRET, namespace: context.namespace, labels: { ...context.labels } },
      data: { 'config.yaml': stringify(config) },
      dependsOn: context.ready,
    });
    const labels = { ...context.labels, 'app.kubernetes.io/name': 'hanko' };
    const container = {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const mount = [{ name: 'config', mountPath: CONFIG_DIR, readOnly: true }];
    const args = (...command: string[]) => [...command, '--config', `${CONFIG_DIR}/config.yaml`];
    const deployment = new DeploymentV1(this, 'deployment', {
      metadata: { name: 'hanko', namespace: context.namespace, labels },
      spec: {
        replicas: String(context.replicas),
        selector: { matchLabels: { 'app.kubernetes.io/name': 'hanko' } },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            nodeSelector: context.placement.nodeSelector,
            toleration: context.placement.tolerations.map((t) => ({ ...t })),
            securityContext: {
              runAsNonRoot: true,
              runAsUser: HANKO_UID,
              runAsGroup: HANKO_UID,
              // The config Secret's files belong to this group, readable by it only.
              fsGroup: HANKO_UID,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            initContainer: [
              {
                name: 'migrate',
                image: HANKO_IMAGE,
                args: args('migrate', 'up'),
                volumeMount: mount,
                resources: resources('50m', '64Mi', '256Mi'),
                securityContext: container,
              },
            ],
            container: [
              {
                name: 'hanko',
                image: HANKO_IMAGE,
                args: args('serve', 'public'),
                port: [{ name: 'http', containerPort: HANKO_PORT }],
                volumeMount: mount,
                resources: resources('50m', '128Mi', '512Mi'),
                securityContext: container,
                readinessProbe: { httpGet: { path: '/.well-known/jwks.json', port: 'http' } },
              },
            ],
            volume: [{ name: 'config', secret: { secretName: CONFIG_SECRET, defaultMode: '0440' } }],
          },
        },
      },
      // The database comes up beside it; Kubernetes restarts the migration until it answers.
      waitForRollout: false,
      dependsOn: [...context.ready, secret],
    });
    const service = new ServiceV1(this, 'service', {
      metadata: { name: HANKO_SERVICE, namespace: context.namespace, labels },
      spec: {
        selector: { 'app.kubernetes.io/name': 'hanko' },
        port: [{ name: 'http', port: HANKO_PORT, targetPort: 'http' }],
      },
      dependsOn: context.ready,
    });
    this.ready = [deployment, service];
  }
}
