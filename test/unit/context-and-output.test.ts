import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { hotContext, isUnderCdktfCli } from '../../lib/config/context';
import { policyViolationLines } from '../../lib/policies/failure';
import { hotErrorMessage } from '../support/errors';

function projectWith(cdktfJson: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'hot-project-'));
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify(cdktfJson));
  return dir;
}

describe('reading the cdktf context', () => {
  it('reads the hot key of CDKTF_CONTEXT_JSON', () => {
    const env = { CDKTF_CONTEXT_JSON: JSON.stringify({ hot: { environments: {} }, other: 1 }) };
    expect(hotContext(projectWith({ app: 'x' }), env)).toEqual({ environments: {} });
  });

  it('refuses a context in cdktf.json, which the cdktf CLI would put in place of CDKTF_CONTEXT_JSON', () => {
    expect(hotErrorMessage(() => hotContext(projectWith({ app: 'x', context: {} }), {}))).toBe(
      'cdktf.json "context": the cdktf CLI lets it replace CDKTF_CONTEXT_JSON, so commands would build different stacks; move it to CDKTF_CONTEXT_JSON (e.g. CDKTF_CONTEXT_JSON="$(cat settings.json)") and delete the key',
    );
  });

  it('the project cdktf.json has no context', () => {
    expect(() => hotContext(join(__dirname, '..', '..'), {})).not.toThrow();
  });

  it('refuses CDKTF_CONTEXT_JSON that is not a JSON object', () => {
    expect(hotErrorMessage(() => hotContext(projectWith({}), { CDKTF_CONTEXT_JSON: '{"hot":' }))).toBe(
      'CDKTF_CONTEXT_JSON: is not a JSON object; write it as {"hot": {"environments": {...}}} (lib/config/README.md)',
    );
  });

  it('knows the cdktf CLI by the key it adds to every context', () => {
    expect(isUnderCdktfCli({ CDKTF_CONTEXT_JSON: '{"cdktfRelativeModules":[]}' })).toBe(true);
    expect(isUnderCdktfCli({})).toBe(false);
  });
});

describe('policy failures as the user sees them', () => {
  it('keeps the violations and drops the cdktf frame, with its advice to skip every validation', () => {
    const error = new Error(
      "Validation failed with the following errors:\n  [aws-prod] HOT-AWS-001 aws-prod aws_s3_bucket.b: is public (Buckets are private)\n  [aws-prod] HOT-STATE-003 aws-prod x: holds a literal (No secrets)\n\nIf you wish to ignore these validations, pass 'skipValidation: true' to your App configuration.\n",
    );
    expect(policyViolationLines(error)).toEqual([
      'HOT-AWS-001 aws-prod aws_s3_bucket.b: is public (Buckets are private)',
      'HOT-STATE-003 aws-prod x: holds a literal (No secrets)',
    ]);
  });

  it('is not a policy failure without a rule id', () => {
    expect(policyViolationLines(new Error('Validation failed: something else'))).toBeUndefined();
  });
});
