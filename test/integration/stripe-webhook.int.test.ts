// The webhook as Stripe really calls it: two endpoints with their own secrets, and signed events that cannot be applied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPayload } from '../../local/stripe-sandbox/index.js';
import { STRIPE_API_VERSION } from '../../shared/stripe/gateway.js';
import { createAgreement, createScenario, readFund, sendReferral, tableSnapshot, type Scenario } from '../support/builders.js';
import { createPayoutHarness, eventually, onboard, settled, type PayoutHarness } from '../support/payouts.js';
import { londonDate } from '../../shared/domain/periods.js';

let h: PayoutHarness;
let stripeClockOffsetMs = 0;
beforeAll(async () => {
  h = await createPayoutHarness({ sandboxNow: () => Date.now() + stripeClockOffsetMs });
  // Registered as the deploy steps say: one URL, two endpoints; the query only tells them apart in the deliveries.
  h.sandbox.setWebhookEndpoint('connect', `${h.baseUrl}/v1/stripe/webhook?endpoint=connect`);
  h.sandbox.setWebhookEndpoint('account', `${h.baseUrl}/v1/stripe/webhook?endpoint=account`);
});
afterAll(() => h.close());

const today = () => londonDate(new Date());
const deliver = async (payload: string, signature: string) => {
  const res = await fetch(`${h.baseUrl}/v1/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
  return { status: res.status, body: (await res.json()) as { outcome?: string; reason?: string; code?: string; detail?: string } };
};
const signed = (event: unknown, secret = h.sandbox.platformWebhookSecret, at?: number) => {
  const payload = JSON.stringify(event);
  return deliver(payload, signPayload(payload, secret, at));
};
const counted = (metric: string) => h.metricLines.filter((line) => line.includes(`"${metric}"`)).length;
const envelope = (id: string, type: string, object: unknown, extra: Record<string, unknown> = {}) => ({
  id, object: 'event', api_version: STRIPE_API_VERSION, created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object }, ...extra,
});

/** A paid run of one £25 line for an onboarded VCSE. */
const paidRun = async (): Promise<{ s: Scenario; runId: string; accountId: string; line: { id: string; stripeTransferId: string } }> => {
  const s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
  const accountId = await onboard(h, s.vcseOrgId);
  const referral = await sendReferral(h, s);
  await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
  const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: today() } });
  await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: s.secondManager });
  const run = await settled(h, draft.body.id, s.manager);
  return { s, runId: run.id, accountId, line: run.lines[0] };
};

describe('Two endpoints', () => {
  it('sends Connect events to the Connect endpoint and platform events to the account endpoint, each signed with its own secret', async () => {
    const { s, line, runId } = await paidRun();
    await fetch(`${h.sandbox.url}/v1/transfers/${line.stripeTransferId}/reversals`, { method: 'POST', headers: { authorization: 'Bearer sk_test_x' }, body: 'amount=500' });
    await h.sandbox.webhooksIdle();

    const byType = (type: string) => h.sandbox.webhookDeliveries().filter((d) => d.type === type);
    expect(byType('account.updated').length).toBeGreaterThan(0);
    expect(byType('account.updated').every((d) => d.url.endsWith('endpoint=connect') && d.status === 200)).toBe(true);
    expect(byType('transfer.reversed').every((d) => d.url.endsWith('endpoint=account') && d.status === 200)).toBe(true);
    // The reversal was applied through the account endpoint's secret.
    const run = await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager });
    expect(run.body.lines[0].status).toBe('reversed');
    // And a Connect event signed with the account endpoint's secret is still genuine: either secret verifies.
    const event = h.sandbox.events().find((e) => e.type === 'account.updated')!;
    expect((await signed(event, h.sandbox.platformWebhookSecret)).body.outcome).toBe('duplicate');
  });
});

describe('Signed events that cannot be applied', () => {
  it('records an account.updated with no data as ignored (200), counts it, and knows it again', async () => {
    const before = counted('StripeWebhookEventsUnprocessable');
    const event = { id: 'evt_no_data', object: 'event', api_version: STRIPE_API_VERSION, created: 1, livemode: false, type: 'account.updated' };
    const first = await signed(event, h.sandbox.webhookSecret);
    const again = await signed(event, h.sandbox.webhookSecret);
    expect(first).toEqual({ status: 200, body: { received: true, outcome: 'ignored', reason: 'malformed: the event has no data' } });
    expect(again.body.outcome).toBe('duplicate');
    expect(counted('StripeWebhookEventsUnprocessable')).toBe(before + 2);
  });

  it('records a transfer.reversed whose data.object is null as ignored, changing nothing', async () => {
    const snapshot = await tableSnapshot(h);
    const res = await signed({ ...envelope('evt_null_object', 'transfer.reversed', null) });
    expect(res).toMatchObject({ status: 200, body: { outcome: 'ignored', reason: 'malformed: the event has no data.object' } });
    const after = await tableSnapshot(h);
    expect(after.filter((item) => !String(item.pk).startsWith('STRIPEEVT#'))).toEqual(snapshot.filter((item) => !String(item.pk).startsWith('STRIPEEVT#')));
  });

  it('refuses two events without an id (400) rather than let them share one record', async () => {
    const before = counted('StripeWebhookEventsUnprocessable');
    const one = await signed({ ...envelope('', 'transfer.reversed', { id: 'tr_1' }), id: undefined });
    const two = await signed({ ...envelope('', 'account.updated', { id: 'acct_1' }), id: undefined }, h.sandbox.webhookSecret);
    expect([one.status, two.status]).toEqual([400, 400]);
    expect(one.body.detail).toMatch(/no id/);
    expect(counted('StripeWebhookEventsUnprocessable')).toBe(before + 2);
  });

  it('applies a reversal only when transfer id, amount and currency agree with the line', async () => {
    const { s, line, runId } = await paidRun();
    const transfer = h.sandbox.transfers().find((t) => t.id === line.stripeTransferId)!;
    const fundBefore = await readFund(h, s);
    const reversedTransfer = (changes: Record<string, unknown>) => ({ ...transfer, amount_reversed: transfer.amount, reversed: true, ...changes });

    const otherTransfer = await signed(envelope('evt_other_transfer', 'transfer.reversed', reversedTransfer({ id: 'tr_1NotThisLinesTransfer' })));
    const otherAmount = await signed(envelope('evt_other_amount', 'transfer.reversed', reversedTransfer({ amount: transfer.amount * 2, amount_reversed: transfer.amount * 2 })));
    const otherCurrency = await signed(envelope('evt_other_currency', 'transfer.reversed', reversedTransfer({ currency: 'eur' })));

    for (const res of [otherTransfer, otherAmount, otherCurrency]) {
      expect(res).toMatchObject({ status: 200, body: { outcome: 'ignored', reason: expect.stringMatching(/^mismatch/) } });
    }
    expect(await readFund(h, s)).toEqual(fundBefore);
    const run = await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager });
    expect(run.body.lines[0].status).toBe('paid');
    const matching = await signed(envelope('evt_matching', 'transfer.reversed', reversedTransfer({})));
    expect(matching.body.outcome).toBe('applied');
  });

  it('reports an account.updated naming an account that is not the organisation’s as ignored, not applied', async () => {
    const s = await createScenario(h);
    const accountId = await onboard(h, s.vcseOrgId);
    const stranger = { id: 'acct_1NotLinkedToAnyone', object: 'account', payouts_enabled: false, metadata: { organisationId: s.vcseOrgId } };
    const res = await signed(envelope('evt_stranger', 'account.updated', stranger, { account: stranger.id }), h.sandbox.webhookSecret);
    expect(res).toMatchObject({ status: 200, body: { outcome: 'ignored', reason: 'not the organisation’s account' } });
    const org = await h.call('GET', `/v1/organisations/${s.vcseOrgId}`, { as: s.vcse });
    expect(org.body).toMatchObject({ stripeAccountId: accountId, payoutsEnabled: true });
  });

  it('refuses a signature dated an hour in the future (400), counting it as a signature failure', async () => {
    const before = counted('StripeWebhookSignatureFailures');
    const res = await signed(envelope('evt_from_the_future', 'balance.available', { object: 'balance' }), h.sandbox.platformWebhookSecret, Math.floor(Date.now() / 1000) + 3_600);
    expect(res).toMatchObject({ status: 400, body: { code: 'validation_failed', detail: expect.stringMatching(/future/) } });
    expect(counted('StripeWebhookSignatureFailures')).toBe(before + 1);
  });

  it('refuses an event rendered in another API version (400), so the endpoint’s pinned version gets fixed', async () => {
    const res = await signed(envelope('evt_old_version', 'balance.available', { object: 'balance' }, { api_version: '2020-08-27' }));
    expect(res).toMatchObject({ status: 400, body: { detail: expect.stringContaining(STRIPE_API_VERSION) } });
  });
});

describe('Payouts on the charity’s bank line', () => {
  it('names the payout that carried a line’s transfer, and its arrival date, once payout.paid arrives', async () => {
    const { s, runId, accountId, line } = await paidRun();
    // Recipient accounts: transfers become available 24 hours later, then Stripe pays them out.
    expect(h.sandbox.payOut(accountId)).toBeUndefined();
    stripeClockOffsetMs = 25 * 3_600_000;
    const payout = h.sandbox.payOut(accountId)!;
    stripeClockOffsetMs = 0;
    expect(payout).toMatchObject({ amount: 2_500, status: 'paid' });

    const shown = await eventually('the payout to be named on the line', async () => {
      const run = await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager });
      return run.body.lines[0].stripePayoutId ? run.body.lines[0] : undefined;
    });
    const arrival = new Date(payout.arrival_date * 1000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    expect(shown).toMatchObject({ id: line.id, stripeTransferId: line.stripeTransferId, stripePayoutId: payout.id, payoutArrivalDate: arrival });
    const delivered = h.sandbox.webhookDeliveries().filter((d) => d.type === 'payout.paid');
    expect(delivered.every((d) => d.url.endsWith('endpoint=connect') && d.status === 200)).toBe(true);
  });
});
