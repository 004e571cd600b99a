// The API Lambda reads the web session secret from Secrets Manager once, by the ARN the stack gives it.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { webOptionsFromEnv, withWebSessionSecret } from '../../functions/web/lambda-options.js';

const secrets = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:WebSession-abc';
const VALUE = 'k'.repeat(64);
const stackEnv = {
  WEB_SESSION_SECRET_ARN: ARN,
  COGNITO_DOMAIN: 'https://pop.auth.eu-west-2.amazoncognito.com',
  JWT_AUDIENCE: 'client-id',
  PUBLIC_URL: 'https://pop.example.org',
  AWS_REGION: 'eu-west-2',
};

afterEach(() => secrets.reset());

describe('Function: withWebSessionSecret', () => {
  it('reads the secret named by WEB_SESSION_SECRET_ARN, so the web pages mount with the stack’s environment', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: VALUE });
    expect(webOptionsFromEnv(stackEnv, async () => new Response(), {} as never)).toBeUndefined();
    const env = await withWebSessionSecret(stackEnv);
    expect(env.WEB_SESSION_SECRET).toBe(VALUE);
    expect(webOptionsFromEnv(env, async () => new Response(), {} as never)?.publicUrl).toBe('https://pop.example.org');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('asks Secrets Manager nothing when the secret is given directly or no ARN is set', async () => {
    expect((await withWebSessionSecret({ ...stackEnv, WEB_SESSION_SECRET: VALUE })).WEB_SESSION_SECRET).toBe(VALUE);
    expect(await withWebSessionSecret({ PUBLIC_URL: 'https://pop.example.org' })).toEqual({ PUBLIC_URL: 'https://pop.example.org' });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('refuses to start with an empty secret rather than sign sessions with nothing', async () => {
    secrets.on(GetSecretValueCommand).resolves({});
    await expect(withWebSessionSecret(stackEnv)).rejects.toThrow('has no value');
  });
});
