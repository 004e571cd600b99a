import { describe, expect, it } from 'vitest';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../../shared/config.js';
import { createStripeGateway } from '../../shared/stripe/gateway.js';
import { resolveStripeSettings } from '../../shared/stripe/settings.js';
import { signPayload } from '../../local/stripe-sandbox/index.js';

describe('Function: resolveStripeSettings', () => {
  it('reads both signing secrets from Secrets Manager, never from the environment', async () => {
    const secrets = mockClient(SecretsManagerClient);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ secretKey: 'sk_live_x', webhookSecret: 'whsec_connect', platformWebhookSecret: 'whsec_platform' }) });
    const config = loadConfig({ AUTH_MODE: 'local', STRIPE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:1:secret:stripe' });
    const settings = await resolveStripeSettings(config, () => new SecretsManagerClient({}));
    expect(settings).toEqual({ secretKey: 'sk_live_x', webhookSecret: 'whsec_connect', additionalWebhookSecrets: ['whsec_platform'] });
    secrets.restore();
  });

  it('refuses the placeholder secret a fresh deploy holds, saying how to set it', async () => {
    const secrets = mockClient(SecretsManagerClient);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ secretKey: 'REPLACE_ME', webhookSecret: 'REPLACE_ME', placeholderNonce: 'x' }) });
    const config = loadConfig({ AUTH_MODE: 'local', STRIPE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:1:secret:stripe' });
    await expect(resolveStripeSettings(config, () => new SecretsManagerClient({}))).rejects.toThrow(/put-secret-value/);
    secrets.restore();
  });
});

describe('Class: StripeGateway webhooks', () => {
  it('accepts events signed with either endpoint’s secret, and nothing else', () => {
    const gateway = createStripeGateway({ secretKey: 'sk_test_x', webhookSecret: 'whsec_connect', additionalWebhookSecrets: ['whsec_platform'] });
    const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'transfer.reversed', livemode: false, created: 1, data: { object: { id: 'tr_1' } } });
    expect(gateway.constructEvent(payload, signPayload(payload, 'whsec_platform')).id).toBe('evt_1');
    expect(gateway.constructEvent(payload, signPayload(payload, 'whsec_connect')).id).toBe('evt_1');
    expect(() => gateway.constructEvent(payload, signPayload(payload, 'whsec_other'))).toThrow(/signature/);
  });
});
