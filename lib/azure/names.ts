import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * Key Vault and storage account names are global across Azure, so each gets the environment name plus a
 * random suffix made once and kept in state. Key Vault allows 3-24 letters, digits and -; storage 3-24
 * lower-case letters and digits.
 */
export class GlobalNames {
  public readonly keyVault: string;
  public readonly storageAccount: string;

  constructor(scope: Construct, id: string, environmentName: string) {
    const suffix = new StringResource(scope, id, { length: 6, special: false, upper: false, numeric: true });
    const compact = environmentName.replace(/-/g, '').slice(0, 14);
    this.keyVault = Fn.join('', [`${compact}kv`, suffix.result]);
    this.storageAccount = Fn.join('', [`${compact}st`, suffix.result]);
  }
}
