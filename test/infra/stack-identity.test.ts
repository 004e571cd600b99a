// Signing in: the user pool, its web client's callback and sign-out URLs, SES e-mail, and the hosted UI's domain per stage.
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { WEB_AUTH_PATHS } from '../../infra/constructs/user-pool.js';
import { COGNITO_MEMBER_ACTIONS } from '../../infra/iam-actions.js';
import { callbackUrl, signedOutUrl } from '../../functions/web/auth/cognito.js';
import type { WebOptions } from '../../functions/web/options.js';
import { synthesizedTemplate } from '../support/iam-checking-client.js';

type Resource = { Type: string; Properties: Record<string, any> };
type Resources = Record<string, Resource>;

let prod: Resources;
let dev: Resources;
const only = (resources: Resources, type: string) => {
  const found = Object.values(resources).filter((r) => r.Type === type);
  expect(found, type).toHaveLength(1);
  return found[0]!.Properties;
};
const apiEndpoint = (resources: Resources) => ({ 'Fn::GetAtt': [Object.keys(resources).find((id) => resources[id]!.Type === 'AWS::ApiGatewayV2::Api'), 'ApiEndpoint'] });
const at = (resources: Resources, path: string) => ({ 'Fn::Join': ['', [apiEndpoint(resources), path]] });

beforeAll(async () => {
  const { stack } = buildApp({
    context: {
      'aws:cdk:bundling-stacks': [],
      env: 'prod',
      alarmEmail: 'ops@example.org',
      cognitoDomainPrefix: 'mva-pay-on-prescription',
      sesFromEmail: 'no-reply@mva.org.uk',
      sesIdentity: 'mva.org.uk',
    },
  });
  prod = Template.fromStack(stack).toJSON().Resources;
  // The dev template the IAM-checking client synthesizes once per run (no SES, no context).
  dev = (await synthesizedTemplate()).Resources;
}, 120_000);

describe('Class: AppUserPool', () => {
  it('has the contract roles as groups, custom:org_id, required TOTP MFA, admin-only sign-up and threat protection', () => {
    const groups = Object.values(prod).filter((r) => r.Type === 'AWS::Cognito::UserPoolGroup').map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'commissioner', 'fund_manager', 'link_worker', 'vcse']);
    const pool = only(prod, 'AWS::Cognito::UserPool');
    expect(pool.Schema).toEqual(expect.arrayContaining([expect.objectContaining({ Name: 'org_id', AttributeDataType: 'String' })]));
    expect(pool.MfaConfiguration).toBe('ON');
    expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool.UserPoolTier).toBe('PLUS');
    expect(pool.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(pool.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(14);
  });

  it('returns to exactly the URLs the web service sends Cognito: /auth/callback after sign-in, /signed-out after sign-out', () => {
    const options = { publicUrl: 'https://pop.example.org/' } as WebOptions;
    expect(callbackUrl(options)).toBe(`https://pop.example.org${WEB_AUTH_PATHS.callback}`);
    expect(signedOutUrl(options)).toBe(`https://pop.example.org${WEB_AUTH_PATHS.signedOut}`);
  });

  it('gives the web service a public code-grant client returning to /auth/callback, signing out to /signed-out', () => {
    const client = only(prod, 'AWS::Cognito::UserPoolClient');
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.CallbackURLs).toEqual([at(prod, '/auth/callback')]);
    expect(client.LogoutURLs).toEqual([at(prod, '/signed-out')]);
    expect(client.ReadAttributes).toContain('custom:org_id');
    expect(client.WriteAttributes).not.toContain('custom:org_id');
  });

  it('sends Cognito’s e-mail through SES from the verified identity named in config', () => {
    expect(only(prod, 'AWS::Cognito::UserPool').EmailConfiguration).toEqual({
      EmailSendingAccount: 'DEVELOPER',
      From: 'Pay on Prescription <no-reply@mva.org.uk>',
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:eu-west-2:', { Ref: 'AWS::AccountId' }, ':identity/mva.org.uk']] },
    });
    // Without an identity (dev here), Cognito's own sender.
    expect(only(dev, 'AWS::Cognito::UserPool').EmailConfiguration).toEqual({ EmailSendingAccount: 'COGNITO_DEFAULT' });
  });

  it('takes prod’s hosted UI prefix from config, and derives dev’s from the account and region', () => {
    expect(only(prod, 'AWS::Cognito::UserPoolDomain').Domain).toBe('mva-pay-on-prescription');
    expect(only(dev, 'AWS::Cognito::UserPoolDomain').Domain).toEqual({
      'Fn::Join': ['', ['pay-on-prescription-dev-', { Ref: 'AWS::AccountId' }, '-eu-west-2']],
    });
  });
});

describe('Class: PayOnPrescriptionStack > web sign-in', () => {
  it('tells the API function the hosted UI domain and its session secret, which only it may read', () => {
    const functions = Object.entries(prod).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    const [, api] = functions.find(([, f]) => String(f.Properties.Description).includes('API (Hono)'))!;
    const secretId = Object.keys(prod).find((id) => prod[id]!.Type === 'AWS::SecretsManager::Secret' && String(prod[id]!.Properties.Description).includes('web session'))!;
    const variables = api.Properties.Environment.Variables;
    expect(variables.WEB_SESSION_SECRET_ARN).toEqual({ Ref: secretId });
    expect(JSON.stringify(variables.COGNITO_DOMAIN)).toContain('.auth.eu-west-2.amazoncognito.com');
    expect(variables.PUBLIC_URL).toEqual(apiEndpoint(prod));
    const readers = Object.values(prod)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes(`"Ref":"${secretId}"`))
      .flatMap((p) => p.Properties.Roles.map((r: any) => r.Ref));
    expect(readers).toEqual([api.Properties.Role['Fn::GetAtt'][0]]);
  });

  it('lets only the API invite, invite back and remove people, with the nine Cognito calls it makes, on this user pool', () => {
    const poolId = Object.keys(prod).find((id) => prod[id]!.Type === 'AWS::Cognito::UserPool')!;
    const grants = Object.values(prod)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((p) => p.Properties.PolicyDocument.Statement.map((s: any) => ({ roles: p.Properties.Roles, ...s })))
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('cognito-idp:')));
    const api = Object.values(prod).find((r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).includes('API (Hono)'))!;
    expect(grants).toEqual([
      {
        roles: [{ Ref: api.Properties.Role['Fn::GetAtt'][0] }],
        // The list test/unit/cognito-directory.test.ts holds the code to.
        Action: [...COGNITO_MEMBER_ACTIONS],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [poolId, 'Arn'] },
      },
    ]);
    expect(api.Properties.Environment.Variables.USER_POOL_ID).toEqual({ Ref: poolId });
  });
});
