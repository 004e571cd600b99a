// One connected account per organisation, even when Stripe made one whose answer never reached us and forgot its idempotency key a day later; and the sandbox's account list that finding it relies on.
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_API_VERSION } from '../../shared/stripe/gateway.js';
import { SANDBOX_SECRET_KEY } from '../../shared/stripe/settings.js';
import { ADMIN, createOrganisation, userOf } from '../support/builders.js';
import { createPayoutHarness, type PayoutHarness } from '../support/payouts.js';

const DAY_MS = 24 * 3_600_000;

let h: PayoutHarness;
let stripe: Stripe;
/** Stripe's clock runs ahead of ours by this much: how a test lets a day pass at Stripe. */
let stripeAheadMs = 0;
beforeAll(async () => {
  h = await createPayoutHarness({ sandboxNow: () => Date.now() + stripeAheadMs });
  const url = new URL(h.sandbox.url);
  stripe = new Stripe(SANDBOX_SECRET_KEY, { host: url.hostname, port: Number(url.port), protocol: 'http', apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 0 });
});
afterEach(() => {
  stripeAheadMs = 0;
  h.sandbox.clearFailures();
});
afterAll(() => h.close());

const accountsOf = (organisationId: string) => h.sandbox.accounts().filter((a) => a.metadata.organisationId === organisationId);
const startOnboarding = (organisationId: string) => h.call('POST', `/v1/organisations/${organisationId}/stripe-onboarding`, { as: userOf(organisationId, 'vcse') });

/** Stripe makes the account, but neither the answer nor the SDK's three retries (replays of it) reach us: as if the process died. */
const loseTheAnswerToTheNextCreate = () => h.sandbox.failNext('connection_reset', { path: '/v1/accounts', method: 'POST', afterCommit: true, count: 4 });

describe('Onboarding after an unanswered account request', () => {
  it('adopts the account Stripe made when the retry comes after Stripe forgot the key, so the organisation has one account', async () => {
    const organisation = await createOrganisation(h, 'vcse');
    loseTheAnswerToTheNextCreate();
    const lost = await startOnboarding(organisation.id);
    expect(lost.status, JSON.stringify(lost.body)).toBe(503);
    const [made] = accountsOf(organisation.id);
    expect(made, 'Stripe made the account though we never heard').toBeDefined();
    expect((await h.call('GET', `/v1/organisations/${organisation.id}`, { as: ADMIN })).body.stripeAccountId).toBeNull();

    // A day and an hour later at Stripe: the idempotency key is gone, so the same key would make a second account.
    stripeAheadMs = DAY_MS + 3_600_000;
    const retried = await startOnboarding(organisation.id);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(accountsOf(organisation.id).map((a) => a.id)).toEqual([made!.id]);
    expect((await h.call('GET', `/v1/organisations/${organisation.id}`, { as: ADMIN })).body.stripeAccountId).toBe(made!.id);
    const opened = await fetch(retried.body.url, { redirect: 'follow' });
    expect(opened.ok, 'the link is for the adopted account').toBe(true);
    expect(h.sandbox.accounts().find((a) => a.id === made!.id)?.details_submitted).toBe(true);
  });

  it('proves the danger is real: the same key a day later makes a second account at Stripe', async () => {
    const key = `connected-account-danger-${Date.now()}`;
    const first = await stripe.accounts.create({ type: 'express', metadata: { organisationId: 'org_danger' } }, { idempotencyKey: key });
    expect((await stripe.accounts.create({ type: 'express', metadata: { organisationId: 'org_danger' } }, { idempotencyKey: key })).id).toBe(first.id);
    stripeAheadMs = DAY_MS;
    const second = await stripe.accounts.create({ type: 'express', metadata: { organisationId: 'org_danger' } }, { idempotencyKey: key });
    expect(second.id).not.toBe(first.id);
  });

  it('creates the account as usual when the earlier request never reached Stripe', async () => {
    const organisation = await createOrganisation(h, 'vcse');
    // Refused in front of the API three times over and more: nothing made.
    h.sandbox.failNext('server_error', { path: '/v1/accounts', method: 'POST', count: 4 });
    expect((await startOnboarding(organisation.id)).status).toBe(503);
    expect(accountsOf(organisation.id)).toEqual([]);
    stripeAheadMs = DAY_MS + 3_600_000;
    expect((await startOnboarding(organisation.id)).status).toBe(200);
    const made = accountsOf(organisation.id);
    expect(made).toHaveLength(1);
    expect((await h.call('GET', `/v1/organisations/${organisation.id}`, { as: ADMIN })).body.stripeAccountId).toBe(made[0]!.id);
  });

  it('uses the account already linked without asking Stripe for another', async () => {
    const organisation = await createOrganisation(h, 'vcse');
    expect((await startOnboarding(organisation.id)).status).toBe(200);
    stripeAheadMs = 3 * DAY_MS;
    expect((await startOnboarding(organisation.id)).status).toBe(200);
    expect(accountsOf(organisation.id)).toHaveLength(1);
  });
});

describe('The sandbox account list, as Stripe documents GET /v1/accounts', () => {
  it('lists connected accounts newest first within a created range, page by page', async () => {
    const base = Math.floor(Date.now() / 1000) + 30 * 86_400;
    const made: string[] = [];
    for (let day = 0; day < 4; day += 1) {
      stripeAheadMs = (base + day * 86_400) * 1000 - Date.now();
      made.push((await stripe.accounts.create({ type: 'express', metadata: { organisationId: `org_list_${day}` } })).id);
    }
    const listed = async (created: Stripe.RangeQueryParam | number) => {
      const ids: string[] = [];
      // limit 1 makes the SDK walk the cursor (starting_after) across pages.
      for await (const account of stripe.accounts.list({ created, limit: 1 })) ids.push(account.id);
      return ids;
    };
    expect(await listed({ gte: base })).toEqual([...made].reverse());
    expect(await listed({ gt: base, lt: base + 3 * 86_400 })).toEqual([made[2], made[1]]);
    expect(await listed({ gte: base + 86_400, lte: base + 2 * 86_400 })).toEqual([made[2], made[1]]);
    expect(await listed(base + 3 * 86_400)).toEqual([made[3]]);
    expect((await stripe.accounts.list({ limit: 2 })).data.map((a) => a.id)).toEqual([made[3], made[2]]);
    // A connected account connects no others.
    expect((await stripe.accounts.list({}, { stripeAccount: made[0]! })).data).toEqual([]);
  });

  it('refuses a created bound it does not know or that is not a whole number, as Stripe does', async () => {
    const refused = async (params: Record<string, unknown>) =>
      stripe.accounts.list(params as Stripe.AccountListParams).then(() => undefined, (error: unknown) => error as Stripe.errors.StripeError);
    expect(await refused({ created: { after: 1 } })).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'created[after]' });
    expect(await refused({ created: { gte: 'soon' } })).toMatchObject({ statusCode: 400, code: 'parameter_invalid_integer', param: 'created[gte]' });
    expect(await refused({ created: '1.5' })).toMatchObject({ statusCode: 400, code: 'parameter_invalid_integer', param: 'created' });
  });
});
