import type { Construct } from 'constructs';
import { RESTORE_VARIABLES, type RestoreSource } from '../contracts/restore';
import { sensitiveVariable } from './sensitive-variable';

/** The source's read-only key, as the target's sensitive variables (declared once, shared by every user). */
export function restoreKey(scope: Construct, source: RestoreSource): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: sensitiveVariable(
      scope,
      RESTORE_VARIABLES.accessKeyId,
      `Access key id of ${source.environment}'s read-only restore key`,
    ).stringValue,
    secretAccessKey: sensitiveVariable(
      scope,
      RESTORE_VARIABLES.secretAccessKey,
      `Secret of ${source.environment}'s read-only restore key`,
    ).stringValue,
  };
}
