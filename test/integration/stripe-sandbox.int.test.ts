// The local Stripe Connect sandbox, exercised through the real `stripe` SDK and through the project's gateway:
// accounts and onboarding, webhooks, transfers and the balance, reversals, authentication and steering.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { signPayload } from '../../local/stripe-sandbox/index.js';
import { StripeGatewayError } from '../../shared/stripe/gateway.js';
import { eventOf, eventually, rejectionOf, SECRET_KEY, useSandbox } from '../support/stripe-sandbox-kit.js';
describe('Class: StripeSandbox', () => {
  const kit = useSandbox();

  it('creates a GB Express account with controller properties and the transfers capability requested', async () => {
    // Act
    const { id } = await kit.gateway.createConnectedAccount({ organisationId: 'org_1', idempotencyKey: `acct-${kit.newGroup()}` });
    const account = await kit.sdk().accounts.retrieve(id);

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
    await expect(kit.gateway.retrieveAccount(id)).resolves.toMatchObject({ payoutsEnabled: false, transfersCapability: 'inactive' });
  });

  it('completes onboarding when the Account Link is opened and sends a signed account.updated', async () => {
    // Prepare
    const { id } = await kit.gateway.createConnectedAccount({ organisationId: 'org_2', idempotencyKey: `acct-${kit.newGroup()}` });
    const link = await kit.gateway.createAccountLink({ accountId: id, refreshUrl: `${kit.receiver.url}/refresh`, returnUrl: `${kit.receiver.url}/return` });

    // Act
    const landed = await fetch(link.url);

    // Assess
    expect(link.url.startsWith(`${kit.sandbox.url}/connect/onboard/`)).toBe(true);
    expect(landed.url).toBe(`${kit.receiver.url}/return`);
    await expect(kit.gateway.retrieveAccount(id)).resolves.toEqual({
      // A recipient account has transfers only: no card_payments, so no charges.
      id, payoutsEnabled: true, chargesEnabled: false, detailsSubmitted: true, transfersCapability: 'active',
    });
    const delivery = await eventually(() =>
      kit.receiver.received.find((r) => r.body.includes('"account.updated"') && r.body.includes(id)),
    );
    const viaSdk = Stripe.webhooks.constructEvent(delivery.body, delivery.signature, kit.sandbox.webhookSecret);
    const viaGateway = eventOf(await kit.gateway.verifyWebhook(delivery.body, delivery.signature, Date.now()));
    expect(viaSdk.type).toBe('account.updated');
    expect(viaGateway).toMatchObject({ type: 'account.updated', connectedAccountId: id, livemode: false });
    expect(viaGateway.data.object).toMatchObject({ id, payouts_enabled: true, capabilities: { transfers: 'active' } });
  });

  it('sends the user to refresh_url when an Account Link is opened a second time', async () => {
    // Prepare
    const { id } = await kit.gateway.createConnectedAccount({ organisationId: 'org_3', idempotencyKey: `acct-${kit.newGroup()}` });
    const link = await kit.gateway.createAccountLink({ accountId: id, refreshUrl: `${kit.receiver.url}/refresh`, returnUrl: `${kit.receiver.url}/return` });
    await fetch(link.url);

    // Act
    const second = await fetch(link.url);

    // Assess
    expect(second.url).toBe(`${kit.receiver.url}/refresh`);
  });

  it('retries a webhook the endpoint answered with a 500', async () => {
    // Prepare
    const { id } = await kit.gateway.createConnectedAccount({ organisationId: 'org_4', idempotencyKey: `acct-${kit.newGroup()}` });
    kit.receiver.statuses.push(500);

    // Act
    kit.sandbox.completeOnboarding(id);

    // Assess
    const event = kit.sandbox.events().find((e) => e.type === 'account.updated' && e.account === id);
    const attempts = await eventually(() => {
      const forEvent = kit.sandbox.webhookDeliveries().filter((d) => d.eventId === event?.id);
      return forEvent.some((d) => d.status === 200) ? forEvent : undefined;
    });
    expect(attempts.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 200]]);
    expect(kit.receiver.received.filter((r) => event && r.body.includes(event.id))).toHaveLength(2);
  });

  it('debits the platform balance for each transfer and lists transfers by transfer_group', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    kit.sandbox.setBalance(10_000);

    // Act
    const transfer = await kit.gateway.createTransfer({
      amountPence: 2_500, destination, transferGroup: group, metadata: { fund: 'fund_1', run: group, line: 'line_1' }, idempotencyKey: `${group}-line_1`,
    });
    const listed = await kit.sdk().transfers.list({ transfer_group: group });

    // Assess
    expect(transfer).toEqual({ id: expect.stringMatching(/^tr_/), replayed: false });
    await expect(kit.gateway.getBalancePence()).resolves.toBe(7_500);
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ id: transfer.id, amount: 2_500, currency: 'gbp', destination, metadata: { fund: 'fund_1', line: 'line_1' } });
  });

  it('refuses a transfer larger than the balance with balance_insufficient, definitively', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    kit.sandbox.setBalance(999);

    // Act
    const raw = await rejectionOf(kit.sdk().transfers.create({ amount: 1_000, currency: 'gbp', destination, transfer_group: group }));
    const translated = await rejectionOf(
      kit.gateway.createTransfer({ amountPence: 1_000, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-a` }),
    );

    // Assess
    expect(raw).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(raw).toMatchObject({ statusCode: 400, code: 'balance_insufficient', rawType: 'invalid_request_error' });
    expect(translated).toBeInstanceOf(StripeGatewayError);
    expect(translated).toMatchObject({ code: 'unavailable', reason: 'balance_insufficient', definitive: true, statusCode: 400 });
    expect(kit.transfersIn(group)).toHaveLength(0);
    expect(kit.sandbox.balance()).toBe(999);
    kit.sandbox.setBalance(100_000_000);
  });

  it('refuses a transfer to an account whose transfers capability is not active', async () => {
    // Prepare
    const { id } = await kit.gateway.createConnectedAccount({ organisationId: 'org_5', idempotencyKey: `acct-${kit.newGroup()}` });
    const group = kit.newGroup();

    // Act
    const error = await rejectionOf(
      kit.gateway.createTransfer({ amountPence: 100, destination: id, transferGroup: group, metadata: {}, idempotencyKey: `${group}-a` }),
    );

    // Assess
    expect(error).toMatchObject({ reason: 'insufficient_capabilities_for_transfer', definitive: true, statusCode: 400 });
    // Callers read a plain message; Stripe's own stays in the cause, for the logs.
    expect((error as StripeGatewayError).detail).toBe('Stripe did not complete the request; please try again shortly.');
    expect(((error as Error).cause as Error).message).toContain('at least one of the following capabilities enabled: transfers');
    // What the error handler logs: the operation, and the term the StripeErrors alarm counts.
    expect((error as Error).cause).toMatchObject({ stripeOperation: 'transfers.create', translatedAs: 'StripeGatewayError' });
    expect(kit.transfersIn(group)).toHaveLength(0);
  });

  it('answers resource_missing for an unknown destination', async () => {
    // Act
    const error = await rejectionOf(kit.sdk().transfers.create({ amount: 100, currency: 'gbp', destination: 'acct_1Nope' }));

    // Assess
    expect(error).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'destination' });
  });

  it('reverses a transfer, credits the balance and sends a signed transfer.reversed', async () => {
    // Prepare
    const destination = await kit.onboardedAccount();
    const group = kit.newGroup();
    const { id } = await kit.gateway.createTransfer({ amountPence: 1_000, destination, transferGroup: group, metadata: {}, idempotencyKey: `${group}-k` });
    const before = kit.sandbox.balance();

    // Act
    const reversal = await kit.sdk().transfers.createReversal(id, {}, { idempotencyKey: `${group}-rev` });

    // Assess
    expect(reversal).toMatchObject({ id: expect.stringMatching(/^trr_/), amount: 1_000, transfer: id });
    expect(kit.sandbox.balance()).toBe(before + 1_000);
    await expect(kit.sdk().transfers.retrieve(id)).resolves.toMatchObject({ reversed: true, amount_reversed: 1_000 });
    const delivery = await eventually(() => kit.receiver.received.find((r) => r.body.includes('"transfer.reversed"') && r.body.includes(id)));
    const event = eventOf(await kit.gateway.verifyWebhook(Buffer.from(delivery.body), delivery.signature, Date.now()));
    expect(event).toMatchObject({ type: 'transfer.reversed', connectedAccountId: null, data: { object: { id, reversed: true } } });
  });

  it('answers 401 for a missing or an invalid API key', async () => {
    // Act
    const missing = await fetch(`${kit.sandbox.url}/v1/balance`);
    const invalid = await rejectionOf(kit.sdk({ key: 'sk_live_not_for_the_sandbox' }).balance.retrieve());

    // Assess
    expect(missing.status).toBe(401);
    expect(missing.headers.get('request-id')).toMatch(/^req_/);
    expect(await missing.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('did not provide an API key') } });
    expect(invalid).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(invalid).toMatchObject({ statusCode: 401 });
  });

  it("answers Stripe's 404 shape for an unknown route", async () => {
    // Act
    const response = await fetch(`${kit.sandbox.url}/v1/charges_of_the_light_brigade`, { headers: { Authorization: `Bearer ${SECRET_KEY}` } });

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { type: 'invalid_request_error', message: expect.stringContaining('Unrecognized request URL (GET: /v1/charges_of_the_light_brigade)') },
    });
  });

  it('is steered over HTTP by another process through /_sandbox', async () => {
    // Act
    const setBalance = await fetch(`${kit.sandbox.url}/_sandbox/balance`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ amountPence: 12_345 }),
    });
    await fetch(`${kit.sandbox.url}/_sandbox/fail-next`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'server_error', path: '/v1/balance' }),
    });
    const failed = await rejectionOf(kit.sdk().balance.retrieve());
    const listed = (await (await fetch(`${kit.sandbox.url}/_sandbox/transfers`)).json()) as { data: unknown[] };

    // Assess
    expect(setBalance.status).toBe(200);
    await expect(kit.gateway.getBalancePence()).resolves.toBe(12_345);
    expect(failed).toMatchObject({ statusCode: 500, rawType: 'api_error' });
    expect(listed.data.length).toBe(kit.sandbox.transfers().length);
    kit.sandbox.setBalance(100_000_000);
  });

  it('signs payloads the way the SDK verifies them, and the gateway rejects a tampered body', async () => {
    // Prepare
    const payload = JSON.stringify({ id: 'evt_test', object: 'event', type: 'account.updated', created: 1, livemode: false, data: { object: { id: 'acct_1' } } });
    const header = signPayload(payload, kit.sandbox.webhookSecret);

    // Act
    const verified = eventOf(await kit.gateway.verifyWebhook(payload, header, Date.now()));
    const tampered = kit.gateway.verifyWebhook(payload.replace('acct_1', 'acct_2'), header, Date.now());

    // Assess
    expect(verified.id).toBe('evt_test');
    await expect(tampered).rejects.toMatchObject({ code: 'validation_failed', reason: 'signature_invalid', definitive: true, statusCode: 400 });
  });
});
