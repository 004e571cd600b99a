// Stripe's Connect rules as the sandbox enforces them: capabilities and service agreements, Stripe-Account, payouts.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeSandbox, type StripeSandbox } from '../../local/stripe-sandbox/index.js';
import type { AccountSetup } from '../../shared/stripe/account-setup.js';
import { createStripeGateway, STRIPE_API_VERSION } from '../../shared/stripe/gateway.js';
import { shapeRecorder } from '../support/stripe-shapes.js';

const KEY = 'sk_test_connect_rules';
const shapes = shapeRecorder();
let clock = Date.UTC(2026, 10, 23, 9, 0);
let sandbox: StripeSandbox;
let approved: StripeSandbox;

const sdkFor = (s: StripeSandbox) => new Stripe(KEY, { host: '127.0.0.1', port: s.port, protocol: 'http', apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 0 });
const gatewayFor = (s: StripeSandbox, accountSetup: AccountSetup) =>
  createStripeGateway({ secretKey: KEY, webhookSecrets: { connect: s.webhookSecret }, accountSetup, sandbox: { host: '127.0.0.1', port: s.port, protocol: 'http' } });
const rejection = async (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal'); }, (error: unknown) => error);

beforeAll(async () => {
  sandbox = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, now: () => clock, observe: shapes.observe, log: () => undefined });
  approved = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, observe: shapes.observe, log: () => undefined, platformApprovals: { transfersWithoutCardPayments: true } });
});
afterAll(async () => {
  await sandbox.close();
  await approved.close();
  expect(shapes.problems()).toEqual([]);
});

describe('Capabilities and service agreements', () => {
  it('refuses transfers without card_payments under the full agreement, as Stripe does without platform approval', async () => {
    const error = await rejection(sdkFor(sandbox).accounts.create({ country: 'GB', type: 'express', capabilities: { transfers: { requested: true } } }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'capabilities',
      message: expect.stringMatching(/^Your platform needs approval for accounts to have requested the `transfers` capability without the `card_payments` capability/),
    });
    expect(sandbox.accounts()).toHaveLength(0);
  });

  it('accepts transfers alone under the recipient agreement, and for a platform Stripe has approved', async () => {
    const recipient = await sdkFor(sandbox).accounts.create({ type: 'express', capabilities: { transfers: { requested: true } }, tos_acceptance: { service_agreement: 'recipient' } });
    const full = await sdkFor(approved).accounts.create({ type: 'express', capabilities: { transfers: { requested: true } } });
    expect(recipient.tos_acceptance).toMatchObject({ service_agreement: 'recipient' });
    expect(full.tos_acceptance).toMatchObject({ service_agreement: 'full' });
  });

  it('refuses card_payments under the recipient agreement, and the recipient agreement for an account with the full Dashboard', async () => {
    const cards = await rejection(sdkFor(sandbox).accounts.create({ type: 'express', capabilities: { card_payments: { requested: true }, transfers: { requested: true } }, tos_acceptance: { service_agreement: 'recipient' } }));
    const standard = await rejection(sdkFor(sandbox).accounts.create({ type: 'standard', capabilities: { transfers: { requested: true } }, tos_acceptance: { service_agreement: 'recipient' } }));
    expect(cards).toMatchObject({ statusCode: 400, param: 'capabilities[card_payments]' });
    expect(standard).toMatchObject({ statusCode: 400, param: 'tos_acceptance[service_agreement]' });
  });

  it.each([
    ['recipient', { transfers: 'active' }, false],
    ['full_card_payments', { card_payments: 'active', transfers: 'active' }, true],
    ['full_transfers_only', { transfers: 'active' }, false],
  ] as const)('sets up a %s account that onboards with charges only where card_payments is active', async (setup, capabilities, charges) => {
    // Only a platform Stripe has approved may set up full_transfers_only.
    const target = setup === 'full_transfers_only' ? approved : sandbox;
    const gateway = gatewayFor(target, setup);
    const { id } = await gateway.createConnectedAccount({ organisationId: `org_${setup}`, idempotencyKey: `acct-${setup}` });
    target.completeOnboarding(id);
    const account = await sdkFor(target).accounts.retrieve(id);
    expect(account.capabilities).toEqual(capabilities);
    expect(account.charges_enabled).toBe(charges);
    await expect(gateway.retrieveAccount(id)).resolves.toMatchObject({ payoutsEnabled: true, transfersCapability: 'active', chargesEnabled: charges });
  });

  it('refuses the full agreement with transfers only when the platform is not approved, through the gateway', async () => {
    const error = await rejection(gatewayFor(sandbox, 'full_transfers_only').createConnectedAccount({ organisationId: 'org_unapproved', idempotencyKey: 'acct-unapproved' }));
    expect(error).toMatchObject({ code: 'unavailable', reason: 'invalid_request_error', definitive: true, statusCode: 400 });
  });

  it('treats an Account Link’s refresh_url and return_url as optional, as Stripe does', async () => {
    const account = await sdkFor(sandbox).accounts.create({ type: 'express', capabilities: { transfers: { requested: true } }, tos_acceptance: { service_agreement: 'recipient' } });
    const link = await sdkFor(sandbox).accountLinks.create({ account: account.id, type: 'account_onboarding' });
    expect(link.url).toMatch(/\/connect\/onboard\//);
  });
});

describe('Stripe-Account and connected-account payouts', () => {
  it('scopes a call to the connected account named by Stripe-Account, and refuses an account that is not connected', async () => {
    const stripe = sdkFor(sandbox);
    const account = await stripe.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } }, tos_acceptance: { service_agreement: 'recipient' } });
    const platform = await stripe.balance.retrieve();
    const connected = await stripe.balance.retrieve({}, { stripeAccount: account.id });
    const stranger = await rejection(stripe.balance.retrieve({}, { stripeAccount: 'acct_1NotConnected' }));
    expect(platform.available[0]!.amount).toBeGreaterThan(0);
    expect(connected.available[0]!.amount).toBe(0);
    expect(stranger).toMatchObject({ statusCode: 403, code: 'account_invalid' });
    await expect(stripe.transfers.list({}, { stripeAccount: account.id })).resolves.toMatchObject({ data: [] });
  });

  it('holds a transfer to a recipient account 24 hours, then pays it out to the bank, and the gateway finds it in the payout', async () => {
    const stripe = sdkFor(sandbox);
    const gateway = gatewayFor(sandbox, 'recipient');
    const { id: accountId } = await gateway.createConnectedAccount({ organisationId: 'org_payout', idempotencyKey: 'acct-payout' });
    sandbox.completeOnboarding(accountId);
    const transfer = await gateway.createTransfer({ amountPence: 1_234, destination: accountId, transferGroup: 'run_payout', metadata: { runId: 'run_payout', lineId: 'line_1' }, idempotencyKey: 'line_1' });

    const pending = await stripe.balance.retrieve({}, { stripeAccount: accountId });
    expect([pending.available[0]!.amount, pending.pending[0]!.amount]).toEqual([0, 1_234]);
    expect(sandbox.payOut(accountId)).toBeUndefined();

    clock += 24 * 3_600_000;
    const payout = sandbox.payOut(accountId)!;
    expect(payout).toMatchObject({ amount: 1_234, status: 'paid', arrival_date: Math.floor(clock / 1000) + 86_400 });
    const carried = await stripe.balanceTransactions.list({ payout: payout.id }, { stripeAccount: accountId });
    expect(carried.data.map((t) => [t.type, t.amount])).toEqual([['payout', -1_234], ['payment', 1_234]]);
    await expect(stripe.payouts.retrieve(payout.id, {}, { stripeAccount: accountId })).resolves.toMatchObject({ id: payout.id });
    await expect(gateway.transfersInPayout({ accountId, payoutId: payout.id })).resolves.toEqual([
      { id: transfer.id, amountPence: 1_234, currency: 'gbp', destination: accountId, metadata: { runId: 'run_payout', lineId: 'line_1' } },
    ]);
    expect(sandbox.events().filter((e) => e.account === accountId).map((e) => e.type)).toEqual(['account.updated', 'payout.created', 'payout.paid']);
  });
});
