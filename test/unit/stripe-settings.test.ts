// Stripe's settings: real values from Secrets Manager or the environment, placeholders counted as unset, and both endpoints' secrets.
import { describe, expect, it } from 'vitest';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../../shared/config.js';
import { createStripeGateway, type VerifiedWebhook } from '../../shared/stripe/gateway.js';
import { resolveStripeSettings } from '../../shared/stripe/settings.js';
import { signPayload } from '../../local/stripe-sandbox/index.js';

const ARN = 'arn:aws:secretsmanager:eu-west-2:1:secret:stripe';
const REAL = { secretKey: 'sk_live_51ExampleExample', webhookSecret: 'whsec_connectConnect', platformWebhookSecret: 'whsec_platformPlatform' };

const withSecret = async (value: string | undefined) => {
  const secrets = mockClient(SecretsManagerClient);
  secrets.on(GetSecretValueCommand).resolves(value === undefined ? {} : { SecretString: value });
  try {
    return await resolveStripeSettings(loadConfig({ AUTH_MODE: 'local', STRIPE_SECRET_ARN: ARN }), () => new SecretsManagerClient({}));
  } finally {
    secrets.restore();
  }
};

describe('Function: resolveStripeSettings', () => {
  it('reads both signing secrets from Secrets Manager, never from the environment', async () => {
    const settings = await withSecret(JSON.stringify(REAL));
    expect(settings).toEqual({
      state: 'configured',
      settings: {
        secretKey: REAL.secretKey,
        webhookSecrets: { connect: REAL.webhookSecret, account: REAL.platformWebhookSecret },
        accountSetup: 'recipient',
      },
    });
  });

  it.each([
    ['the placeholder a fresh deploy holds', JSON.stringify({ secretKey: 'REPLACE_ME', webhookSecret: 'REPLACE_ME', placeholderNonce: 'x' })],
    ['values copied from the docs', JSON.stringify({ secretKey: 'sk_live_...', webhookSecret: 'whsec_...' })],
    ['a real key without a webhook secret', JSON.stringify({ secretKey: REAL.secretKey })],
    ['a secret that is not JSON', 'sk_live_51ExampleExample'],
    ['an empty secret', undefined],
  ])('counts %s as unconfigured, without throwing', async (_what, value) => {
    await expect(withSecret(value)).resolves.toMatchObject({ state: 'unconfigured', reason: expect.any(String) });
  });

  it('counts a placeholder key in the environment as unconfigured', async () => {
    const config = loadConfig({ AUTH_MODE: 'local', STRIPE_SECRET_KEY: 'sk_test_REPLACE-ME', STRIPE_WEBHOOK_SECRET: 'whsec_realistic0123' });
    await expect(resolveStripeSettings(config)).resolves.toMatchObject({ state: 'unconfigured' });
  });

  it('names no Stripe at all when no secret, key or sandbox is set', async () => {
    await expect(resolveStripeSettings(loadConfig({ AUTH_MODE: 'local' }))).resolves.toBeUndefined();
  });

  it('refuses an unknown account setup by name', () => {
    expect(() => loadConfig({ AUTH_MODE: 'local', STRIPE_ACCOUNT_SETUP: 'transfers' })).toThrow(/STRIPE_ACCOUNT_SETUP/);
  });
});

const idOf = (verified: VerifiedWebhook) => (verified.kind === 'event' ? verified.event.id : verified.id);

describe('Class: StripeGateway webhooks', () => {
  const gateway = createStripeGateway({ secretKey: 'sk_test_x', webhookSecrets: { connect: 'whsec_connect', account: 'whsec_platform' } });
  const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'transfer.reversed', livemode: false, created: 1, data: { object: { id: 'tr_1' } } });
  const now = Date.now();

  it('accepts events signed with either endpoint’s secret, says which, and refuses any other', async () => {
    const platform = await gateway.verifyWebhook(payload, signPayload(payload, 'whsec_platform'), now);
    const connect = await gateway.verifyWebhook(payload, signPayload(payload, 'whsec_connect'), now);
    expect([idOf(platform), idOf(connect)]).toEqual(['evt_1', 'evt_1']);
    expect([platform.kind === 'event' && platform.event.endpoint, connect.kind === 'event' && connect.event.endpoint]).toEqual(['account', 'connect']);
    await expect(gateway.verifyWebhook(payload, signPayload(payload, 'whsec_other'), now)).rejects.toMatchObject({ status: 400, reason: 'signature_invalid' });
  });

  it('refuses a signature dated an hour in the future, and one older than five minutes', async () => {
    const seconds = Math.floor(now / 1000);
    await expect(gateway.verifyWebhook(payload, signPayload(payload, 'whsec_connect', seconds + 3_600), now)).rejects.toMatchObject({ reason: 'signature_invalid', detail: expect.stringMatching(/future/) });
    await expect(gateway.verifyWebhook(payload, signPayload(payload, 'whsec_connect', seconds - 301), now)).rejects.toMatchObject({ reason: 'signature_invalid' });
    await expect(gateway.verifyWebhook(payload, signPayload(payload, 'whsec_connect', seconds + 60), now)).resolves.toMatchObject({ kind: 'event' });
  });

  it.each([
    ['no data', { id: 'evt_2', object: 'event', type: 'account.updated', livemode: false, created: 1 }, 'the event has no data'],
    ['data.object null', { id: 'evt_3', object: 'event', type: 'transfer.reversed', livemode: false, created: 1, data: { object: null } }, 'the event has no data.object'],
    ['no id', { object: 'event', type: 'transfer.reversed', livemode: false, created: 1, data: { object: { id: 'tr_1' } } }, 'the event has no id'],
  ])('names a signed event with %s as malformed instead of throwing', async (_what, body, reason) => {
    const text = JSON.stringify(body);
    await expect(gateway.verifyWebhook(text, signPayload(text, 'whsec_connect'), now)).resolves.toMatchObject({ kind: 'malformed', reason });
  });
});
