import { loadEnvironments } from '../../lib/config/load';
import type { StackDocument } from '../../lib/policies/types';
import {
  TFC_AWS_CREDENTIALS_VARIABLE,
  TFC_AZURE_CREDENTIALS_VARIABLE,
} from '../../lib/terraform-cloud/dynamic-credentials';
import { terraformCloudHandoff, type WorkspaceHandoff } from '../../lib/terraform-cloud/handoff';
import { synthEnvironments } from '../support/synth';

type Block = Record<string, unknown>;

const environments = loadEnvironments({ env: { HOT_TFC_ORGANIZATION: 'hotosm' } });
const { documents } = synthEnvironments(environments);
const handoff = terraformCloudHandoff(environments, documents);
const workspace = (name: string) => handoff?.workspaces.find((w) => w.workspace === name) as WorkspaceHandoff;
const execOf = (doc: StackDocument) => {
  const kubernetes = (doc.provider?.kubernetes as Block[])[0];
  const helm = (doc.provider?.helm as Block[])[0];
  return { kubernetes: (kubernetes.exec as Block[])[0], helm: (helm.kubernetes as { exec: Block }).exec };
};

describe('the Terraform Cloud handoff, from the synthesized stacks', () => {
  it('lists one workspace per stack, named as the stacks’ cloud blocks name them', () => {
    expect(handoff).toMatchObject({ organization: 'hotosm', hostname: 'app.terraform.io' });
    expect(handoff?.workspaces.map((w) => [w.stack, w.workspace])).toEqual(
      environments.flatMap((e) => [
        [e.name, `hot-${e.name}`],
        [`${e.name}-apps`, `hot-${e.name}-apps`],
      ]),
    );
  });

  it('lists exactly the variables each stack declares, sensitive as declared, none the run sets itself', () => {
    for (const w of handoff?.workspaces ?? []) {
      const declared = Object.entries(documents[w.stack].variable ?? {}).filter(
        ([name]) => name !== TFC_AWS_CREDENTIALS_VARIABLE && name !== TFC_AZURE_CREDENTIALS_VARIABLE,
      );
      expect(w.terraformVariables.map((v) => [v.name, v.sensitive])).toEqual(
        declared.map(([name, v]) => [name, v.sensitive === true]),
      );
    }
    expect(workspace('hot-hetzner-dr-apps').terraformVariables.map((v) => v.name)).toEqual(
      expect.arrayContaining(['hcloud_cluster_token', 'restore_source_access_key_id']),
    );
  });

  it('shares each cluster workspace’s state with its apps workspace, and nothing else', () => {
    for (const env of environments) {
      expect(workspace(`hot-${env.name}`).remoteStateConsumers).toEqual([`hot-${env.name}-apps`]);
      expect(workspace(`hot-${env.name}-apps`).remoteStateConsumers).toEqual([]);
    }
  });

  it('authenticates AWS and Azure by dynamic credentials, Hetzner by its sensitive token variables', () => {
    const names = (w: WorkspaceHandoff) => w.environmentVariables.map((v) => v.name);
    expect(names(workspace('hot-aws-prod'))).toEqual(['TFC_AWS_PROVIDER_AUTH', 'TFC_AWS_RUN_ROLE_ARN']);
    expect(names(workspace('hot-azure-staging-apps'))).toEqual(
      expect.arrayContaining(['TFC_AZURE_PROVIDER_AUTH', 'TFC_AZURE_RUN_CLIENT_ID']),
    );
    expect(names(workspace('hot-hetzner-dr'))).toEqual([]);
    expect(workspace('hot-hetzner-dr').terraformVariables.filter((v) => v.name.startsWith('hcloud'))).toEqual([
      expect.objectContaining({ name: 'hcloud_dns_token', sensitive: true }),
      expect.objectContaining({ name: 'hcloud_token', sensitive: true }),
    ]);
    // No provider of a cloud stack carries a credential of its own that would override the run's.
    for (const stack of ['aws-prod', 'azure-staging']) {
      for (const providers of Object.values(documents[stack].provider ?? {})) {
        for (const provider of providers) {
          for (const key of ['access_key', 'secret_key', 'client_secret', 'client_certificate_path', 'profile']) {
            expect([stack, key, provider[key]]).toEqual([stack, key, undefined]);
          }
        }
      }
    }
  });

  it("points the EKS token plugin at the run's AWS credentials, on both providers, with the name as written", () => {
    const doc = documents['aws-prod-apps'];
    const expected = { AWS_CONFIG_FILE: `\${var.${TFC_AWS_CREDENTIALS_VARIABLE}.default.shared_config_file}` };
    expect(execOf(doc).kubernetes.env).toEqual(expected);
    expect(execOf(doc).helm.env).toEqual(expected);
    expect(doc.variable?.[TFC_AWS_CREDENTIALS_VARIABLE]).toMatchObject({ sensitive: true });
    expect(workspace('hot-aws-prod-apps').agentTools).toEqual([expect.stringMatching(/^AWS CLI v2/)]);
  });

  it("signs kubelogin in as the run's Azure workload identity", () => {
    const { kubernetes, helm } = execOf(documents['azure-staging-apps']);
    expect(kubernetes.args).toEqual(expect.arrayContaining(['--login', 'workloadidentity']));
    for (const exec of [kubernetes, helm]) {
      expect(exec.env).toEqual({
        AZURE_CLIENT_ID: `\${trimspace(file(var.${TFC_AZURE_CREDENTIALS_VARIABLE}.default.client_id_file_path))}`,
        AZURE_TENANT_ID: expect.stringContaining('client-config'),
        AZURE_FEDERATED_TOKEN_FILE: `\${var.${TFC_AZURE_CREDENTIALS_VARIABLE}.default.oidc_token_file_path}`,
        AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com/',
      });
    }
    expect(workspace('hot-azure-staging-apps').agentTools).toEqual([expect.stringMatching(/^kubelogin/)]);
  });

  it('runs on an agent wherever a private network must be reached, and says why', () => {
    expect(handoff?.workspaces.map((w) => [w.workspace, w.executionMode])).toEqual([
      ['hot-aws-prod', 'remote'],
      ['hot-aws-prod-apps', 'agent'],
      ['hot-azure-staging', 'agent'],
      ['hot-azure-staging-apps', 'agent'],
      ['hot-hetzner-dr', 'agent'],
      ['hot-hetzner-dr-apps', 'agent'],
    ]);
    expect(workspace('hot-hetzner-dr').executionReason).toBe('the Talos API (50000) is open only to the allow-list');
  });

  it('is absent, and the local stacks unchanged, without an organization', () => {
    const local = loadEnvironments({ env: {} });
    const docs = synthEnvironments(local).documents;
    expect(terraformCloudHandoff(local, docs)).toBeUndefined();
    expect(execOf(docs['aws-prod-apps']).kubernetes.env).toEqual({});
    expect(docs['aws-prod-apps'].variable?.[TFC_AWS_CREDENTIALS_VARIABLE]).toBeUndefined();
  });
});
