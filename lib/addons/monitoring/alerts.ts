import type { AlertSettings } from '../../config/schema-parts';

/** The Secret with the receivers' credentials, mounted into Alertmanager at /etc/alertmanager/secrets/<name>/. */
export const ALERT_SECRET = 'alertmanager-notifiers';
export const SMTP_PASSWORD_KEY = 'smtp-password';
export const SLACK_WEBHOOK_KEY = 'slack-webhook-url';
const SECRET_DIR = `/etc/alertmanager/secrets/${ALERT_SECRET}`;

/** Receivers configured by the settings; none means Alertmanager notifies nobody (synth warns). */
export function hasReceiver(alerts: AlertSettings): boolean {
  return alerts.email !== undefined || alerts.slack !== undefined;
}

/**
 * Alertmanager's configuration: every alert to the `platform` receiver (e-mail and/or Slack), the chart's
 * Watchdog route to `null` kept (it fires always, by design), resolved alerts sent too. Credentials are read
 * from files of the mounted Secret, never written into the configuration (Alertmanager v0.34 reads
 * `smtp_auth_password_file` and `api_url_file`). The chart's inhibit rules and templates stay as they are.
 */
export function alertmanagerConfig(alerts: AlertSettings): Record<string, unknown> | undefined {
  if (!hasReceiver(alerts)) return undefined;
  const email = alerts.email;
  return {
    global: {
      resolve_timeout: '5m',
      ...(email
        ? {
            smtp_smarthost: email.smarthost,
            smtp_from: email.from,
            smtp_require_tls: true,
            ...(email.username
              ? { smtp_auth_username: email.username, smtp_auth_password_file: `${SECRET_DIR}/${SMTP_PASSWORD_KEY}` }
              : {}),
          }
        : {}),
    },
    route: {
      receiver: 'platform',
      group_by: ['namespace', 'alertname'],
      routes: [{ receiver: 'null', matchers: ['alertname = "Watchdog"'] }],
    },
    receivers: [
      { name: 'null' },
      {
        name: 'platform',
        ...(email ? { email_configs: [{ to: email.to.join(', '), send_resolved: true }] } : {}),
        ...(alerts.slack
          ? {
              slack_configs: [
                {
                  api_url_file: `${SECRET_DIR}/${SLACK_WEBHOOK_KEY}`,
                  channel: alerts.slack.channel,
                  send_resolved: true,
                },
              ],
            }
          : {}),
      },
    ],
  };
}
