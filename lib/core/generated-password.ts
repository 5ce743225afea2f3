import { Password } from '@cdktf/provider-random/lib/password';
import { Construct } from 'constructs';

/**
 * A generated password. It lives in Terraform state only (encrypted at rest in Terraform Cloud); the
 * bcrypt hash serves apps that store hashes (ArgoCD).
 */
export class GeneratedPassword extends Construct {
  public readonly value: string;
  public readonly bcryptHash: string;

  constructor(scope: Construct, id: string, props: { readonly lengthChars?: number } = {}) {
    super(scope, id);
    const password = new Password(this, 'password', {
      length: props.lengthChars ?? 32,
      special: false,
    });
    this.value = password.result;
    this.bcryptHash = password.bcryptHash;
  }
}
