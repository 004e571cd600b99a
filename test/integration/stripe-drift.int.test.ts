// The sandbox cannot drift from Stripe: every shape it renders is checked against schemas derived from the installed SDK's types.
//
// The payout harness checks every answer of the payout tests the same way; this file makes sure
// every endpoint, error and event of the sandbox is covered, that the committed schemas belong to
// the installed `stripe` package, and that the check fails when a shape is wrong.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeSandbox, type StripeSandbox } from '../../local/stripe-sandbox/index.js';
import { STRIPE_API_VERSION } from '../../shared/stripe/gateway.js';
import { sdkVersion, typesHash } from '../../scripts/stripe-schemas.js';
import { schemaFile, shapeProblems, shapeRecorder } from '../support/stripe-shapes.js';

const KEY = 'sk_test_drift';
const shapes = shapeRecorder();
let clock = Date.UTC(2026, 10, 23, 9, 0);
let sandbox: StripeSandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, now: () => clock, observe: shapes.observe, log: () => undefined });
  stripe = new Stripe(KEY, { host: '127.0.0.1', port: sandbox.port, protocol: 'http', apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 0 });
});
afterAll(() => sandbox.close());

const settle = (promise: Promise<unknown>) => promise.then(() => undefined, () => undefined);

describe('Stripe shapes', () => {
  it('uses schemas generated from the installed stripe package (run npm run stripe:schemas after an upgrade)', () => {
    const file = schemaFile();
    expect({ stripeVersion: file.stripeVersion, typesHash: file.typesHash }).toEqual({ stripeVersion: sdkVersion(), typesHash: typesHash() });
  });

  it('fails on the drift the sandbox used to have', () => {
    const account = {
      id: 'acct_1', object: 'account', charges_enabled: false, details_submitted: false, email: null, payouts_enabled: false, type: 'express',
      external_accounts: { object: 'list', data: [], has_more: false, url: '/v1/accounts/acct_1/external_accounts' },
      requirements: { alternatives: [], currently_due: [], eventually_due: [], past_due: [], pending_verification: [], disabled_reason: null, current_deadline: null, errors: [] },
    };
    const check = (body: unknown) => shapeProblems({ kind: 'response', method: 'GET', path: '/v1/accounts/acct_1', status: 200, body });
    expect(check(account)).toEqual([]);
    expect(check({ ...account, external_accounts: { ...account.external_accounts, total_count: 0 } }).join()).toMatch(/external_accounts must NOT have additional properties .*total_count/);
    const { alternatives: _dropped, ...withoutAlternatives } = account.requirements;
    expect(check({ ...account, requirements: withoutAlternatives }).join()).toMatch(/requirements must have required property 'alternatives'/);
    expect(check({ ...account, charges_enabled: 'true' }).join()).toMatch(/charges_enabled must be boolean/);
  });

  it('renders every endpoint, error and event of the sandbox as the SDK declares it', async () => {
    // Accounts, links and onboarding (account.updated).
    const account = await stripe.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } }, tos_acceptance: { service_agreement: 'recipient' } });
    await stripe.accounts.retrieve(account.id);
    await stripe.accounts.list({ created: { gte: account.created }, limit: 1 });
    await stripe.accountLinks.create({ account: account.id, type: 'account_onboarding', refresh_url: 'https://example.org/r', return_url: 'https://example.org/d' });
    sandbox.completeOnboarding(account.id);
    // Transfers (transfer.created), lists, reversals (transfer.reversed).
    const transfer = await stripe.transfers.create({ amount: 2_000, currency: 'gbp', destination: account.id, transfer_group: 'run_drift', metadata: { lineId: 'line_1' } }, { idempotencyKey: 'drift-1' });
    await stripe.transfers.retrieve(transfer.id);
    await stripe.transfers.list({ transfer_group: 'run_drift', limit: 1 });
    await stripe.transfers.createReversal(transfer.id, { amount: 500 });
    await stripe.transfers.listReversals(transfer.id);
    // Balances, balance transactions and a payout (payout.created, payout.paid).
    await stripe.balance.retrieve();
    await stripe.balance.retrieve({}, { stripeAccount: account.id });
    clock += 25 * 3_600_000;
    const payout = sandbox.payOut(account.id)!;
    const carried = await stripe.balanceTransactions.list({ payout: payout.id }, { stripeAccount: account.id });
    await stripe.balanceTransactions.retrieve(carried.data[0]!.id, {}, { stripeAccount: account.id });
    await stripe.payouts.list({}, { stripeAccount: account.id });
    await stripe.payouts.retrieve(payout.id, {}, { stripeAccount: account.id });
    // Errors: missing and unknown parameters, unknown objects, capability and balance refusals, idempotency, auth.
    await settle(stripe.transfers.create({ currency: 'gbp', destination: account.id } as Stripe.TransferCreateParams));
    await settle(stripe.transfers.create({ amount: 1, currency: 'gbp', destination: 'acct_1Missing' }));
    await settle(stripe.transfers.create({ amount: 1_000_000_000_000, currency: 'gbp', destination: account.id }));
    await settle(stripe.transfers.create({ amount: 1, currency: 'gbp', destination: account.id }, { idempotencyKey: 'drift-1' }));
    await settle(stripe.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } } }));
    await settle(stripe.accounts.retrieve('acct_1Missing'));
    await settle(stripe.payouts.retrieve('po_1Missing', {}, { stripeAccount: account.id }));
    await settle(new Stripe('sk_live_nope', { host: '127.0.0.1', port: sandbox.port, protocol: 'http', maxNetworkRetries: 0 }).balance.retrieve());

    expect(shapes.problems()).toEqual([]);
    expect(shapes.seen()).toEqual(Object.keys(schemaFile().roots).sort());
  });
});
