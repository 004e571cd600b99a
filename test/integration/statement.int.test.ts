// An organisation's statement through one fund's life: held without Stripe, held while onboarding,
// in a draft run, paid with what it paid for, partly reversed; and a fund's runs, newest first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../../shared/domain/periods.js';
import { createAgreement, createScenario, sendReferral, userOf, type Scenario } from '../support/builders.js';
import { createPayoutHarness, eventually, settled, type PayoutHarness } from '../support/payouts.js';

let h: PayoutHarness;
/** Stripe's clock, moved on to pay a recipient account out after its 24-hour delay. */
let stripeClockOffsetMs = 0;
const now = new Date('2026-06-15T10:00:00Z');
let s: Scenario;
let blockId: string;
let tariffId: string;
let referralId: string;
const commissioner = userOf('org_icb', 'commissioner');

const statement = async (query = '', as = s.vcse) => {
  const res = await h.call('GET', `/v1/organisations/${s.vcseOrgId}/statement${query}`, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const fundPart = async (query = '') => (await statement(query)).funds.find((f: { fundId: string }) => f.fundId === s.fundId);

beforeAll(async () => {
  h = await createPayoutHarness({ sandboxNow: () => Date.now() + stripeClockOffsetMs });
  // Agreements and acceptances follow the test's clock; Stripe and the worker run in real time.
  (h.deps as { clock: () => Date }).clock = () => now;
  s = await createScenario(h);
  blockId = (await createAgreement(h, s, { kind: 'block', capacity: 1, amountPence: 90_001, period: 'month', startsOn: '2026-06-01', endsOn: '2026-08-31' })).id;
  tariffId = (await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500, startsOn: '2026-06-01', endsOn: '2026-12-31' })).id;
  // The first acceptance fills the block's June capacity; the second is paid by the tariff.
  for (let i = 0; i < 2; i += 1) {
    const sent = await sendReferral(h, s);
    expect((await h.call('POST', `/v1/referrals/${sent.id}/accept`, { as: s.vcse })).status).toBe(200);
    referralId = sent.id;
  }
});
afterAll(() => h.close());

describe('Route: GET /v1/organisations/{id}/statement', () => {
  it('holds what is due while the organisation has no Stripe account, and shows later instalments as earned, not yet due', async () => {
    const part = await fundPart();
    expect(part).toMatchObject({ fundId: s.fundId, acceptedReferrals: 2 });
    expect(part.totals).toEqual({
      earnedPence: 60_000,
      earnedDuePence: 0,
      earnedInPaymentPence: 0,
      earnedNotYetDuePence: 60_000,
      heldPence: 32_501,
      paidPence: 0,
      reversedPence: 0,
    });
    expect(part.held).toEqual([{ reason: 'no_stripe_account', detail: expect.stringContaining('Stripe onboarding'), amountPence: 32_501 }]);
    expect(part.earned.map((e: Record<string, unknown>) => [e.kind, e.payableOn, e.amountPence, e.state])).toEqual([
      ['instalment', '2026-06-01', 30_001, 'held'],
      ['referral', '2026-06-15', 2_500, 'held'],
      ['instalment', '2026-07-01', 30_000, 'not_yet_due'],
      ['instalment', '2026-08-01', 30_000, 'not_yet_due'],
    ]);
    expect(part.earned[1]).toMatchObject({ referralId, agreementId: tariffId, holdReason: 'no_stripe_account' });
    expect(part.earned[0]).toMatchObject({ agreementId: blockId, periodKey: '2026-06' });
  });

  it('holds it as payouts not enabled while Stripe onboarding is unfinished, then as due once it is', async () => {
    const started = await h.call('POST', `/v1/organisations/${s.vcseOrgId}/stripe-onboarding`, { as: s.vcse });
    expect(started.status).toBe(200);
    expect((await fundPart()).held).toEqual([expect.objectContaining({ reason: 'transfers_not_active', amountPence: 32_501 })]);
    expect((await fetch(started.body.url)).ok).toBe(true);
    await eventually('payouts to be enabled', async () => (await fundPart()).totals.earnedDuePence === 32_501);
    expect((await fundPart()).held).toEqual([]);
  });

  it('holds a draft run’s amounts until a second fund manager approves, then lists the transfer and what it paid for', async () => {
    const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: '2026-06-15' } });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect((await fundPart()).held).toEqual([expect.objectContaining({ reason: 'in_draft_run', amountPence: 32_501 })]);
    expect((await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: s.secondManager })).status).toBe(200);
    const run = await settled(h, draft.body.id, s.manager);
    const part = await fundPart();
    expect(part.totals).toMatchObject({ earnedPence: 60_000, heldPence: 0, paidPence: 32_501 });
    expect(part.paid).toEqual([
      {
        runId: run.id,
        lineId: run.lines[0].id,
        paidAt: expect.any(String),
        amountPence: 32_501,
        reversedPence: 0,
        stripeTransferId: run.lines[0].stripeTransferId,
        stripePayoutId: null,
        payoutArrivalDate: null,
        paidFor: [
          expect.objectContaining({ kind: 'instalment', payableOn: '2026-06-01', amountPence: 30_001, state: 'paid', runId: run.id, clientRef: null, acceptedAt: null }),
          expect.objectContaining({ kind: 'referral', referralId, clientRef: expect.stringMatching(/\d/), acceptedAt: now.toISOString(), amountPence: 2_500, state: 'paid' }),
        ],
      },
    ]);
  });

  it('shows a partial reversal, the amount payable again, and keeps adding up', async () => {
    const [paid] = (await fundPart()).paid;
    const res = await fetch(`${h.sandbox.url}/v1/transfers/${paid.stripeTransferId}/reversals`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'amount=1000',
    });
    expect(res.status).toBe(200);
    await h.sandbox.webhooksIdle();
    const part = await fundPart();
    expect(part.reversed).toEqual([{ runId: paid.runId, lineId: paid.lineId, reversedAt: expect.any(String), amountPence: 1_000, stripeTransferId: paid.stripeTransferId }]);
    expect(part.returned).toEqual([expect.objectContaining({ kind: 'returned', amountPence: 1_000, state: 'due', payableOn: '2026-06-15' })]);
    expect(part.totals).toEqual({
      earnedPence: 61_000,
      earnedDuePence: 1_000,
      earnedInPaymentPence: 0,
      earnedNotYetDuePence: 60_000,
      heldPence: 0,
      paidPence: 31_501,
      reversedPence: 1_000,
    });
    const spend = await h.call('GET', `/v1/reports/spend?fundId=${s.fundId}&groupBy=organisation`, { as: commissioner });
    const row = spend.body.items.find((r: { key: string }) => r.key === s.vcseOrgId);
    expect(part.totals.earnedPence + part.totals.heldPence + part.totals.paidPence).toBe(row.reservedPence + row.paidPence);
    expect(part.totals.paidPence).toBe(row.paidPence);
  });

  it('lists only the entries between from and to, while the totals stay the position now', async () => {
    const july = await fundPart('?from=2026-07-01&to=2026-07-31');
    expect(july.earned.map((e: { payableOn: string }) => e.payableOn)).toEqual(['2026-07-01']);
    expect(july.period).toEqual({ earnedPence: 30_000, paidPence: 0, reversedPence: 0 });
    expect(july.paid).toEqual([]);
    expect(july.totals.paidPence).toBe(31_501);
    const bad = await h.call('GET', `/v1/organisations/${s.vcseOrgId}/statement?from=2026-08-01&to=2026-07-01`, { as: s.vcse });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: '/to', message: 'To date must not be before the from date.' }]);
  });

  it('names the Stripe payout that carried the payment to the bank, and its arrival date, once Stripe pays the charity out', async () => {
    const [paid] = (await fundPart()).paid;
    const accountId = (await h.call('GET', `/v1/organisations/${s.vcseOrgId}`, { as: s.vcse })).body.stripeAccountId;
    // A recipient account's transfer is available 24 hours later; then Stripe pays the balance out.
    stripeClockOffsetMs = 25 * 3_600_000;
    const payout = h.sandbox.payOut(accountId)!;
    stripeClockOffsetMs = 0;
    expect(payout).toMatchObject({ amount: 31_501, status: 'paid' });
    const shown = await eventually('the payout to reach the statement', async () => {
      const [line] = (await fundPart()).paid;
      return line.stripePayoutId ? line : undefined;
    });
    const arrival = new Date(payout.arrival_date * 1000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    expect(shown).toMatchObject({ lineId: paid.lineId, stripeTransferId: paid.stripeTransferId, stripePayoutId: payout.id, payoutArrivalDate: arrival });
  });

  it('is read by the fund’s managers and commissioners; another fund manager sees none of this fund', async () => {
    expect((await statement('', s.manager)).funds.map((f: { fundId: string }) => f.fundId)).toEqual([s.fundId]);
    expect((await statement('', commissioner)).totals.paidPence).toBe(31_501);
    expect((await statement('', userOf('org_elsewhere', 'fund_manager'))).funds).toEqual([]);
  });
});

describe('Route: GET /v1/funds/{id}/payout-runs', () => {
  it('lists the fund’s runs newest first with status, totals and progress', async () => {
    const second = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(now) } });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const res = await h.call('GET', `/v1/funds/${s.fundId}/payout-runs`, { as: commissioner });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [second.body.id, 'draft'],
      [expect.any(String), 'paid'],
    ]);
    expect(res.body.items[0]).toMatchObject({ totalPence: 1_000, heldPence: 0, progress: { total: 1, paid: 0, failed: 0 } });
    expect(res.body.items[1]).toMatchObject({ totalPence: 32_501, progress: { total: 1, paid: 0, failed: 0 } });
  });
});
