// The local Stripe Connect sandbox, exercised through the real `stripe` SDK and through the project's gateway.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StripeSandbox, signPayload, startStripeSandbox } from '../../local/stripe-sandbox/index.js';
import {
  STRIPE_API_VERSION,
  type StripeGateway,
  type StripeGatewayConfig,
  StripeGatewayError,
  type StripeWebhookEvent,
  type VerifiedWebhook,
  createStripeGateway,
} from '../../shared/stripe/gateway.js';
import { shapeRecorder } from '../support/stripe-shapes.js';

const SECRET_KEY = 'sk_test_sandbox_integration';

interface Received {
  path: string;
  body: string;
  signature: string;
}

/** A tiny webhook endpoint: records each POST and answers the next queued status (200 by default). */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST') {
        received.push({
          path: req.url ?? '/',
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['stripe-signature'] ?? ''),
        });
      }
      res.writeHead(req.method === 'POST' ? (statuses.shift() ?? 200) : 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, statuses, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Polls until `probe` returns something, or fails after the deadline. No fixed sleeps. */
async function eventually<T>(probe: () => T | undefined, deadlineMs = 5_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The event of a verified webhook; fails the test if the gateway called it malformed. */
function eventOf(verified: VerifiedWebhook): StripeWebhookEvent {
  if (verified.kind !== 'event') throw new Error(`expected an event, got malformed: ${verified.reason}`);
  return verified.event;
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('Class: StripeSandbox', () => {
  const shapes = shapeRecorder();
  let sandbox: StripeSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let gateway: StripeGateway;

  const sdk = (options: { retries?: number; timeout?: number; key?: string } = {}) =>
    new Stripe(options.key ?? SECRET_KEY, {
      host: '127.0.0.1',
      port: sandbox.port,
      protocol: 'http',
      apiVersion: STRIPE_API_VERSION,
      maxNetworkRetries: options.retries ?? 0,
      ...(options.timeout ? { timeout: options.timeout } : {}),
    });
  const gatewayWith = (config: Partial<StripeGatewayConfig> = {}) =>
    createStripeGateway({
      secretKey: SECRET_KEY,
      webhookSecrets: { connect: sandbox.webhookSecret, account: sandbox.platformWebhookSecret },
      sandbox: { host: '127.0.0.1', port: sandbox.port, protocol: 'http' },
      ...config,
    });
  let groupCounter = 0;
  const newGroup = () => `run_test_${Date.now()}_${(groupCounter += 1)}`;
  const transfersIn = (group: string) => sandbox.transfers().filter((t) => t.transfer_group === group);

  async function onboardedAccount(): Promise<string> {
    const { id } = await gateway.createConnectedAccount({ organisationId: 'org_x', idempotencyKey: `acct-${newGroup()}` });
    const link = await gateway.createAccountLink({
      accountId: id,
      refreshUrl: `${receiver.url}/refresh`,
      returnUrl: `${receiver.url}/return`,
    });
    await fetch(link.url);
    return id;
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    // Rate limiting is off here so the suite's own pace never trips it; it has its own test below.
    sandbox = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, webhookRetryDelaysMs: [20, 50], observe: shapes.observe });
    sandbox.setWebhookUrl(`${receiver.url}/webhook`);
    gateway = gatewayWith();
  });

  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
    // Every answer and event above, faults included, has the shape the stripe SDK declares.
    expect(shapes.problems()).toEqual([]);
  });

  it('creates a GB Express account with controller properties and the transfers capability requested', async () => {
    // Act
    const { id } = await gateway.createConnectedAccount({ organisationId: 'org_1', idempotencyKey: `acct-${newGroup()}` });
    const account = await sdk().accounts.retrieve(id);

    // Assess
    expect(id).toMatch(/^acct_/);
    expect(account).toMatchObject({
      country: 'GB',
      type: 'express',
      metadata: { organisationId: 'org_1' },
      capabilities: { transfers: 'inactive' },
      controller: { stripe_dashboard: { type: 'express' }, fees: { payer: 'application' }, losses: { payments: 'application' } },
      payouts_enabled: false,
    });
    await expect(gateway.retrieveAccount(id)).resolves.toMatchObject({ payoutsEnabled: false, transfersCapability: 'inactive' });
  });

  it('completes onboarding when the Account Link is opened and sends a signed account.updated', async () => {
    // Prepare
    const { id } = await gateway.createConnectedAccount({ organisationId: 'org_2', idempotencyKey: `acct-${newGroup()}` });
    const link = await gateway.createAccountLink({ accountId: id, refreshUrl: `${receiver.url}/refresh`, returnUrl: `${receiver.url}/return` });

    // Act
    const landed = await fetch(link.url);

    // Assess
    expect(link.url.startsWith(`${sandbox.url}/connect/onboard/`)).toBe(true);
    expect(landed.url).toBe(`${receiver.url}/return`);
    await expect(gateway.retrieveAccount(id)).resolves.toEqual({
      // A recipient account has transfers only: no card_payments, so no charges.
      id, payoutsEnabled: true, chargesEnabled: false, detailsSubmitted: true, transfersCapability: 'active',
    });
    const delivery = await eventually(() =>
      receiver.received.find((r) => r.body.includes('"account.updated"') && r.body.includes(id)),
    );
    const viaSdk = Stripe.webhooks.constructEvent(delivery.body, delivery.signature, sandbox.webhookSecret);
    const viaGateway = eventOf(await gateway.verifyWebhook(delivery.body, delivery.signature, Date.now()));
    expect(viaSdk.type).toBe('account.updated');
    expect(viaGateway).toMatchObject({ type: 'account.updated', connectedAccountId: id, livemode: false });
    expect(viaGateway.data.object).toMatchObject({ id, payouts_enabled: true, capabilities: { transfers: 'active' } });
  });

  it('sends the user to refresh_url when an Account Link is opened a second time', async () => {
    // Prepare
    const { id } = await gateway.createConnectedAccount({ organisationId: 'org_3', idempotencyKey: `acct-${newGroup()}` });
    const link = await gateway.createAccountLink({ accountId: id, refreshUrl: `${receiver.url}/refresh`, returnUrl: `${receiver.url}/return` });
    await fetch(link.url);

    // Act
    const second = await fetch(link.url);

    // Assess
    expect(second.url).toBe(`${receiver.url}/refresh`);
  });

  it('retries a webhook the endpoint answered with a 500', async () => {
    // Prepare
    const { id } = await gateway.createConnectedAccount({ organisationId: 'org_4', idempotencyKey: `acct-${newGroup()}` });
    receiver.statuses.push(500);

    // Act
    sandbox.completeOnboarding(id);

    // Assess
    const event = sandbox.events().find((e) => e.type === 'account.updated' && e.account === id);
    const attempts = await eventually(() => {
      const forEvent = sandbox.webhookDeliveries().filter((d) => d.eventId === event?.id);
      return forEvent.some((d) => d.status === 200) ? forEvent : undefined;
    });
    expect(attempts.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 200]]);
    expect(receiver.received.filter((r) => event && r.body.includes(event.id))).toHaveLength(2);
  });

  it('debits the platform balance for each transfer and lists transfers by transfer_group', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    sandbox.setBalance(10_000);

    // Act
    const transfer = await gateway.createTransfer({
      amountPence: 2_500, destination, transferGroup: group, metadata: { fund: 'fund_1', run: group, line: 'line_1' }, idempotencyKey: `${group}-line_1`,
    });
    const listed = await sdk().transfers.list({ transfer_group: group });

    // Assess
    expect(transfer).toEqual({ id: expect.stringMatching(/^tr_/), replayed: false });
    await expect(gateway.getBalancePence()).resolves.toBe(7_500);
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ id: transfer.id, amount: 2_500, currency: 'gbp', destination, metadata: { fund: 'fund_1', line: 'line_1' } });
  });

  it('refuses a transfer larger than the balance with balance_insufficient, definitively', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    sandbox.setBalance(999);

    // Act
    const raw = await rejectionOf(sdk().transfers.create({ amount: 1_000, currency: 'gbp', destination, transfer_group: group }));
    const translated = await rejectionOf(
      gateway.createTransfer({ amountPence: 1_000, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-a` }),
    );

    // Assess
    expect(raw).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(raw).toMatchObject({ statusCode: 400, code: 'balance_insufficient', rawType: 'invalid_request_error' });
    expect(translated).toBeInstanceOf(StripeGatewayError);
    expect(translated).toMatchObject({ code: 'unavailable', reason: 'balance_insufficient', definitive: true, statusCode: 400 });
    expect(transfersIn(group)).toHaveLength(0);
    expect(sandbox.balance()).toBe(999);
    sandbox.setBalance(100_000_000);
  });

  it('refuses a transfer to an account whose transfers capability is not active', async () => {
    // Prepare
    const { id } = await gateway.createConnectedAccount({ organisationId: 'org_5', idempotencyKey: `acct-${newGroup()}` });
    const group = newGroup();

    // Act
    const error = await rejectionOf(
      gateway.createTransfer({ amountPence: 100, destination: id, transferGroup: group, metadata: {}, idempotencyKey: `${group}-a` }),
    );

    // Assess
    expect(error).toMatchObject({ reason: 'insufficient_capabilities_for_transfer', definitive: true, statusCode: 400 });
    // Callers read a plain message; Stripe's own stays in the cause, for the logs.
    expect((error as StripeGatewayError).detail).toBe('Stripe did not complete the request; please try again shortly.');
    expect(((error as Error).cause as Error).message).toContain('at least one of the following capabilities enabled: transfers');
    expect(transfersIn(group)).toHaveLength(0);
  });

  it('answers resource_missing for an unknown destination', async () => {
    // Act
    const error = await rejectionOf(sdk().transfers.create({ amount: 100, currency: 'gbp', destination: 'acct_1Nope' }));

    // Assess
    expect(error).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'destination' });
  });

  it('replays the same transfer for the same key and parameters', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    const input = { amountPence: 700, destination, transferGroup: group, metadata: { line: 'l1' }, idempotencyKey: `${group}-l1` };
    const before = sandbox.balance();

    // Act
    const first = await gateway.createTransfer(input);
    const second = await gateway.createTransfer(input);

    // Assess
    expect(second).toEqual({ id: first.id, replayed: true });
    expect(transfersIn(group)).toHaveLength(1);
    expect(sandbox.balance()).toBe(before - 700);
  });

  it('refuses the same key with different parameters with idempotency_error', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    await gateway.createTransfer({ amountPence: 700, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` });

    // Act
    const raw = await rejectionOf(
      sdk().transfers.create({ amount: 701, currency: 'gbp', destination, transfer_group: group }, { idempotencyKey: `${group}-k` }),
    );
    const translated = await rejectionOf(
      gateway.createTransfer({ amountPence: 701, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` }),
    );

    // Assess
    expect(raw).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(raw).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    // Something already exists under the key, so the gateway does not call this a clean failure.
    expect(translated).toMatchObject({ reason: 'idempotency_error', definitive: false });
    expect(transfersIn(group)).toHaveLength(1);
  });

  it('answers 409 idempotency_key_in_use while the first request with a key is still running', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    const params = { amount: 300, currency: 'gbp', destination, transfer_group: group };
    sandbox.setLatency(200);

    // Act
    const outcomes = await Promise.allSettled([
      sdk().transfers.create(params, { idempotencyKey: `${group}-k` }),
      sdk().transfers.create(params, { idempotencyKey: `${group}-k` }),
    ]);
    sandbox.setLatency(0);

    // Assess
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatchObject({ statusCode: 409, code: 'idempotency_key_in_use' });
    expect(transfersIn(group)).toHaveLength(1);
  });

  it('creates exactly one transfer for concurrent gateway calls with the same key', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    const input = { amountPence: 300, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` };
    sandbox.setLatency(100);

    // Act
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => gateway.createTransfer(input)));
    sandbox.setLatency(0);

    // Assess
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(transfersIn(group)).toHaveLength(1);
  });

  it('retries an injected 500 with the same key and creates exactly one transfer', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    const client = sdk({ retries: 3 });
    const sentKeys: (string | undefined)[] = [];
    client.on('request', (event: { idempotency_key?: string }) => sentKeys.push(event.idempotency_key));
    sandbox.failNext('server_error', { path: '/v1/transfers', method: 'POST' });

    // Act
    const transfer = await client.transfers.create({ amount: 400, currency: 'gbp', destination, transfer_group: group });

    // Assess
    expect(sentKeys).toHaveLength(2);
    expect(sentKeys[0]).toMatch(/^stripe-node-retry-/);
    expect(sentKeys[1]).toBe(sentKeys[0]);
    expect(transfersIn(group).map((t) => t.id)).toEqual([transfer.id]);
  });

  it('leaves 429s to the caller in the SDK, and the gateway retries them into exactly one transfer', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    sandbox.failNext('rate_limit', { path: '/v1/transfers', method: 'POST' });

    // Act
    const raw = await rejectionOf(sdk({ retries: 3 }).transfers.create({ amount: 1, currency: 'gbp', destination, transfer_group: group }));
    sandbox.failNext('rate_limit', { path: '/v1/transfers', method: 'POST', count: 2 });
    const viaGateway = await gateway.createTransfer({ amountPence: 500, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` });

    // Assess
    expect(raw).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(raw).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    expect(transfersIn(group).map((t) => t.id)).toEqual([viaGateway.id]);
  });

  it('replays the committed transfer when the first answer was lost after commit (500)', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    sandbox.failNext('server_error', { path: '/v1/transfers', method: 'POST', afterCommit: true });

    // Act
    const transfer = await sdk({ retries: 3 }).transfers.create({ amount: 600, currency: 'gbp', destination, transfer_group: group });

    // Assess
    expect(transfer.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(transfersIn(group).map((t) => t.id)).toEqual([transfer.id]);
  });

  it('replays the committed transfer when the first attempt timed out after commit', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    const impatient = gatewayWith({ timeoutMs: 300 });
    sandbox.failNext('timeout', { path: '/v1/transfers', method: 'POST', afterCommit: true });

    // Act
    const transfer = await impatient.createTransfer({ amountPence: 800, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` });

    // Assess
    expect(transfer.replayed).toBe(true);
    expect(transfersIn(group).map((t) => t.id)).toEqual([transfer.id]);
  });

  it('reports a timeout as not definitive when every attempt times out', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    const impatient = gatewayWith({ timeoutMs: 200, maxNetworkRetries: 1 });
    sandbox.failNext('timeout', { path: '/v1/transfers', method: 'POST', count: 2 });

    // Act
    const error = await rejectionOf(
      impatient.createTransfer({ amountPence: 800, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` }),
    );

    // Assess
    expect(error).toMatchObject({ reason: 'timeout', definitive: false, statusCode: undefined });
    expect(transfersIn(group)).toHaveLength(0);
  });

  it('saves a 500 raised during execution and replays it for the same key, as Stripe documents', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    const input = { amountPence: 900, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` };
    sandbox.failNext('server_error', { path: '/v1/transfers', method: 'POST', saved: true });

    // Act
    const first = await rejectionOf(gateway.createTransfer(input));
    const again = await rejectionOf(gateway.createTransfer(input));
    const freshKey = await gateway.createTransfer({ ...input, idempotencyKey: `${group}-k2` });

    // Assess
    expect(first).toMatchObject({ statusCode: 500, definitive: false, reason: 'api_error' });
    expect(again).toMatchObject({ statusCode: 500, definitive: false });
    expect(((again as StripeGatewayError).cause as { headers?: Record<string, string> }).headers?.['idempotent-replayed']).toBe('true');
    expect(transfersIn(group).map((t) => t.id)).toEqual([freshKey.id]);
  });

  it('reverses a transfer, credits the balance and sends a signed transfer.reversed', async () => {
    // Prepare
    const destination = await onboardedAccount();
    const group = newGroup();
    const { id } = await gateway.createTransfer({ amountPence: 1_000, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` });
    const before = sandbox.balance();

    // Act
    const reversal = await sdk().transfers.createReversal(id, {}, { idempotencyKey: `${group}-rev` });

    // Assess
    expect(reversal).toMatchObject({ id: expect.stringMatching(/^trr_/), amount: 1_000, transfer: id });
    expect(sandbox.balance()).toBe(before + 1_000);
    await expect(sdk().transfers.retrieve(id)).resolves.toMatchObject({ reversed: true, amount_reversed: 1_000 });
    const delivery = await eventually(() => receiver.received.find((r) => r.body.includes('"transfer.reversed"') && r.body.includes(id)));
    const event = eventOf(await gateway.verifyWebhook(Buffer.from(delivery.body), delivery.signature, Date.now()));
    expect(event).toMatchObject({ type: 'transfer.reversed', connectedAccountId: null, data: { object: { id, reversed: true } } });
  });

  it('answers 401 for a missing or an invalid API key', async () => {
    // Act
    const missing = await fetch(`${sandbox.url}/v1/balance`);
    const invalid = await rejectionOf(sdk({ key: 'sk_live_not_for_the_sandbox' }).balance.retrieve());

    // Assess
    expect(missing.status).toBe(401);
    expect(missing.headers.get('request-id')).toMatch(/^req_/);
    expect(await missing.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('did not provide an API key') } });
    expect(invalid).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(invalid).toMatchObject({ statusCode: 401 });
  });

  it("answers Stripe's 404 shape for an unknown route", async () => {
    // Act
    const response = await fetch(`${sandbox.url}/v1/charges_of_the_light_brigade`, { headers: { Authorization: `Bearer ${SECRET_KEY}` } });

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { type: 'invalid_request_error', message: expect.stringContaining('Unrecognized request URL (GET: /v1/charges_of_the_light_brigade)') },
    });
  });

  it('is steered over HTTP by another process through /_sandbox', async () => {
    // Act
    const setBalance = await fetch(`${sandbox.url}/_sandbox/balance`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ amountPence: 12_345 }),
    });
    await fetch(`${sandbox.url}/_sandbox/fail-next`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'server_error', path: '/v1/balance' }),
    });
    const failed = await rejectionOf(sdk().balance.retrieve());
    const listed = (await (await fetch(`${sandbox.url}/_sandbox/transfers`)).json()) as { data: unknown[] };

    // Assess
    expect(setBalance.status).toBe(200);
    await expect(gateway.getBalancePence()).resolves.toBe(12_345);
    expect(failed).toMatchObject({ statusCode: 500, rawType: 'api_error' });
    expect(listed.data.length).toBe(sandbox.transfers().length);
    sandbox.setBalance(100_000_000);
  });

  it('signs payloads the way the SDK verifies them, and the gateway rejects a tampered body', async () => {
    // Prepare
    const payload = JSON.stringify({ id: 'evt_test', object: 'event', type: 'account.updated', created: 1, livemode: false, data: { object: { id: 'acct_1' } } });
    const header = signPayload(payload, sandbox.webhookSecret);

    // Act
    const verified = eventOf(await gateway.verifyWebhook(payload, header, Date.now()));
    const tampered = gateway.verifyWebhook(payload.replace('acct_1', 'acct_2'), header, Date.now());

    // Assess
    expect(verified.id).toBe('evt_test');
    await expect(tampered).rejects.toMatchObject({ code: 'validation_failed', reason: 'signature_invalid', definitive: true, statusCode: 400 });
  });
});

describe('Class: StripeSandbox (rate limiting, expiry, persistence)', () => {
  it('answers 429 rate_limit beyond 25 requests per second when retries are disabled', async () => {
    // Prepare
    const sandbox = await startStripeSandbox({ port: 0 });
    const stripe = new Stripe(SECRET_KEY, { host: '127.0.0.1', port: sandbox.port, protocol: 'http', apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 0 });

    // Act
    const started = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => stripe.balance.retrieve()));
    const elapsedSeconds = (Date.now() - started) / 1000;
    await sandbox.close();

    // Assess: a full bucket of 25, plus whatever refilled (25 a second) while the burst was arriving.
    const limited = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(limited.length).toBeGreaterThan(0);
    expect(outcomes.length - limited.length).toBeLessThanOrEqual(25 + Math.ceil(elapsedSeconds * 25));
    for (const outcome of limited) {
      expect(outcome.reason).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(outcome.reason).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    }
  });

  it('forgets an idempotency key once it is 24 hours old', async () => {
    // Prepare
    let clock = Date.UTC(2026, 0, 1);
    const sandbox = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, now: () => clock });
    const stripe = new Stripe(SECRET_KEY, { host: '127.0.0.1', port: sandbox.port, protocol: 'http', apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 0 });
    const account = await stripe.accounts.create({ capabilities: { transfers: { requested: true } }, controller: { stripe_dashboard: { type: 'express' }, losses: { payments: 'application' } }, tos_acceptance: { service_agreement: 'recipient' } });
    sandbox.completeOnboarding(account.id);
    const first = await stripe.transfers.create({ amount: 10, currency: 'gbp', destination: account.id }, { idempotencyKey: 'k' });
    clock += 24 * 60 * 60 * 1000;

    // Act
    const reused = await stripe.transfers.create({ amount: 20, currency: 'gbp', destination: account.id }, { idempotencyKey: 'k' });
    await sandbox.close();

    // Assess
    expect(reused.id).not.toBe(first.id);
    expect(reused.amount).toBe(20);
  });

  it('keeps accounts, transfers, balance and idempotency keys across a restart with a data file', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'stripe-sandbox-'));
    const dataFile = join(dir, 'state.json');
    const first = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, dataFile, initialBalancePence: 5_000 });
    const options = { host: '127.0.0.1', protocol: 'http' as const, apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 0 };
    const before = new Stripe(SECRET_KEY, { ...options, port: first.port });
    const account = await before.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } }, tos_acceptance: { service_agreement: 'recipient' } });
    first.completeOnboarding(account.id);
    const transfer = await before.transfers.create({ amount: 1_500, currency: 'gbp', destination: account.id }, { idempotencyKey: 'persisted' });
    await first.close();

    // Act
    const second = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, dataFile, initialBalancePence: 5_000 });
    const after = new Stripe(SECRET_KEY, { ...options, port: second.port });
    const replayed = await after.transfers.create({ amount: 1_500, currency: 'gbp', destination: account.id }, { idempotencyKey: 'persisted' });
    const balance = await after.balance.retrieve();
    await second.close();
    rmSync(dir, { recursive: true, force: true });

    // Assess
    expect(replayed.id).toBe(transfer.id);
    expect(balance.available[0]?.amount).toBe(3_500);
    expect(second.accounts().map((a) => a.id)).toEqual([account.id]);
  });
});
