import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Bytes } from '@cdktf/provider-random/lib/bytes';
import { Password } from '@cdktf/provider-random/lib/password';
import { Fn, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import type { AppsConfig } from './config';
import type { AppContext } from './hot-app';
import { sensitiveVariable } from '../core/sensitive-variable';

/**
 * An app's Secret in its namespace, built by Terraform from generated values and sensitive variables
 * (Terraform references, never literals): the chart reads it by name (`existingSecret`), so no secret passes
 * through chart values or a release's stored metadata.
 */
export function appSecret(
  scope: Construct,
  id: string,
  context: AppContext,
  secret: { readonly name: string; readonly data: Readonly<Record<string, string>> },
): SecretV1 {
  return new SecretV1(scope, id, {
    metadata: { name: secret.name, namespace: context.namespace, labels: { ...context.labels } },
    data: { ...secret.data },
    dependsOn: context.ready,
  });
}

/** A generated alphanumeric secret, in state only. */
export function generatedSecret(scope: Construct, id: string, lengthChars = 48): string {
  return new Password(scope, id, { length: lengthChars, special: false }).result;
}

/** A Fernet key (32 random bytes, URL-safe base64), as Python's `cryptography` expects. */
export function fernetKey(scope: Construct, id: string): string {
  const bytes = new Bytes(scope, id, { length: 32 });
  return Fn.replace(Fn.replace(bytes.base64, '+', '-'), '/', '_');
}

/**
 * The stack's plain (non-secret) string variable `id`, declared on first use and shared, for per-deployment
 * values such as an OAuth client id that no default can stand in for.
 */
export function deploymentVariable(scope: Construct, id: string, description: string): string {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(id);
  const variable =
    existing instanceof TerraformVariable
      ? existing
      : new TerraformVariable(stack, id, { type: 'string', nullable: false, description });
  return variable.stringValue;
}

/**
 * The SMTP relay's password under the name an app reads it (`EMAIL_PASSWORD`, `SMTP_PASSWORD`...), from the
 * sensitive variable `apps_smtp_password`, where the relay takes a user; nothing otherwise.
 */
export function smtpPasswordEntry(scope: Construct, settings: AppsConfig, key: string): Record<string, string> {
  if (!settings.smtp?.username) return {};
  return { [key]: sensitiveVariable(scope, 'apps_smtp_password', "The apps' SMTP relay password").stringValue };
}

/**
 * The session cookie secret HOT's login and every app that reads its cookie share (DroneTM's `COOKIE_SECRET`):
 * one generated value of the stack, made the first time an app asks for it.
 */
export function loginCookieSecret(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(LOGIN_COOKIE_SECRET);
  return existing instanceof Password ? existing.result : generatedSecret(stack, LOGIN_COOKIE_SECRET, 48);
}

const LOGIN_COOKIE_SECRET = 'login-cookie-secret';
