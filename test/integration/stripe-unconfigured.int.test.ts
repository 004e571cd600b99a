// Every Lambda starts before Stripe's keys are stored: /health answers, payments say 503 stripe_unconfigured, the expiry job runs.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STRIPE_SECRET_PLACEHOLDER } from '../../infra/constructs/stripe-secret.js';
import { signPayload } from '../../local/stripe-sandbox/index.js';
import { keys } from '../../shared/store/keys.js';
import {
  asHttpApiHandler,
  invokeHttp,
  scheduledEvent,
  type Caller,
  type HttpApiHandler,
  type LambdaEnv,
  startLambdaEnv,
} from '../support/lambda-env.js';

const ADMIN: Caller = { sub: 'admin-unconfigured', roles: ['admin'] };

describe.each([
  ['unset', ''],
  ['placeholder', JSON.stringify({ ...STRIPE_SECRET_PLACEHOLDER, placeholderNonce: 'Xk2p9' })],
  ['example values from the docs', JSON.stringify({ secretKey: 'sk_live_...', webhookSecret: 'whsec_...', platformWebhookSecret: 'whsec_...' })],
])('Cold start with a %s Stripe secret', (_what, secretString) => {
  let env: LambdaEnv;
  let secrets: ReturnType<typeof mockClient>;
  let api: HttpApiHandler;
  let webhook: HttpApiHandler;

  beforeAll(async () => {
    env = await startLambdaEnv();
    // As deployed: the functions get only the secret's ARN, and the secret does not hold real keys yet.
    delete process.env.STRIPE_SANDBOX_URL;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_PLATFORM_WEBHOOK_SECRET;
    process.env.STRIPE_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:StripeSecret-abc123';
    secrets = mockClient(SecretsManagerClient);
    secrets.on(GetSecretValueCommand).resolves(secretString ? { SecretString: secretString } : {});
    vi.resetModules();
    api = asHttpApiHandler((await import('../../functions/api/index.js')).handler);
    webhook = asHttpApiHandler((await import('../../functions/stripe-webhook/index.js')).handler);
  });
  afterAll(async () => {
    secrets?.restore();
    await env?.close();
  });

  const call = async (handler: HttpApiHandler, name: string, request: Parameters<typeof invokeHttp>[2], as?: Caller) =>
    invokeHttp(handler, name, { ...request, ...(as ? { bearer: await env.token(as) } : {}) });

  it('answers /health 200 and reports Stripe as unconfigured', async () => {
    const res = await call(api, 'pay-on-prescription-api', { method: 'GET', path: '/health' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', stripe: 'unconfigured' });
  });

  it('answers onboarding with 503 stripe_unconfigured in plain words, and creates no account', async () => {
    const org = await call(api, 'pay-on-prescription-api', { method: 'POST', path: '/v1/organisations', body: { name: `Unconfigured VCSE ${Date.now()}`, kind: 'vcse' } }, ADMIN);
    expect(org.status).toBe(201);
    const vcse: Caller = { sub: `vcse-${org.body.id}`, roles: ['vcse'], organisationId: org.body.id };
    const res = await call(api, 'pay-on-prescription-api', { method: 'POST', path: `/v1/organisations/${org.body.id}/stripe-onboarding`, body: {} }, vcse);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'stripe_unconfigured', title: 'Payments are not set up yet', detail: expect.stringMatching(/store the Stripe keys/) });
    const read = await call(api, 'pay-on-prescription-api', { method: 'GET', path: `/v1/organisations/${org.body.id}` }, ADMIN);
    expect(read.body.stripeAccountId).toBeNull();
    expect(env.sandbox.accounts()).toHaveLength(0);
    // Not even the marker that a request was made: nothing could have reached Stripe.
    const stored = await env.table.store.doc.send(new GetCommand({ TableName: env.table.store.tableName, Key: keys.organisation(org.body.id) }));
    expect(stored.Item).not.toHaveProperty('stripeAccountRequestedAt');
  });

  it('answers a webhook with 503 so Stripe delivers it again once the keys are stored', async () => {
    const payload = JSON.stringify({ id: 'evt_before_keys', object: 'event', type: 'account.updated', created: 1, livemode: true, data: { object: {} } });
    const res = await call(webhook, 'pay-on-prescription-stripe-webhook', {
      method: 'POST', path: '/v1/stripe/webhook', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': signPayload(payload, 'whsec_anything') },
    });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'stripe_unconfigured' });
  });

  it('starts the payout worker and runs the expiry job', async () => {
    const worker = await import('../../functions/payout-worker/index.js');
    const expiry = (await import('../../functions/expiry-job/index.js')).handler;
    expect(typeof worker.handler).toBe('function');
    await expect(expiry(scheduledEvent(new Date()))).resolves.toEqual({ expired: expect.any(Number), skipped: expect.any(Number) });
  });
});
