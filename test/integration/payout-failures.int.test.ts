// Payouts when things go wrong: crashes, Stripe failures, two workers, webhooks twice or out of order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payRun } from '../../functions/payout-worker/pay-run.js';
import { signPayload } from '../../local/stripe-sandbox/index.js';
import { STRIPE_API_VERSION } from '../../shared/stripe/gateway.js';
import type { PayoutLine } from '../../shared/domain/payout-run.js';
import { createAgreement, createScenario, readFund, sendReferral, tableSnapshot, type Scenario } from '../support/builders.js';
import { createPayoutHarness, eventually, onboard, settled, type PayoutHarness } from '../support/payouts.js';
import { londonDate } from '../../shared/domain/periods.js';

let h: PayoutHarness;
let stripeClockOffsetMs = 0;
let crash: { after?: (line: PayoutLine) => boolean; before?: (line: PayoutLine) => boolean } = {};
beforeAll(async () => {
  h = await createPayoutHarness({
    sandboxNow: () => Date.now() + stripeClockOffsetMs,
    worker: {
      afterTransfer: (line) => {
        if (crash.after?.(line)) throw new Error('worker killed after Stripe accepted the transfer');
      },
      beforeTransfer: (line) => {
        if (crash.before?.(line)) throw new Error('worker killed before calling Stripe');
      },
    },
  });
});
afterAll(() => h.close());

const today = () => londonDate(new Date());

/** A fund with one onboarded VCSE that is owed `count` tariffs of £25, and an approved run for it. */
const approvedRun = async (count = 2): Promise<{ s: Scenario; runId: string }> => {
  const s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
  await onboard(h, s.vcseOrgId);
  for (let i = 0; i < count; i += 1) {
    const referral = await sendReferral(h, s);
    await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
  }
  const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: today() } });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  return { s, runId: draft.body.id };
};

const approve = (s: Scenario, runId: string) => h.call('POST', `/v1/payout-runs/${runId}/approve`, { as: s.secondManager });
const transfersOf = (runId: string) => h.sandbox.transfers().filter((t) => t.transfer_group === runId);

describe('Crash safety', () => {
  it('pays a line once when the worker dies after Stripe accepted the transfer but before recording it', async () => {
    const { s, runId } = await approvedRun();
    crash = { after: () => true };
    await approve(s, runId);
    await h.payouts.idle();
    crash = {};
    const stuck = await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager });
    expect(stuck.body.status).toBe('paying');
    expect(transfersOf(runId)).toHaveLength(1);

    // The run resumes (SQS redelivery in AWS): Stripe replays the transfer for the same key.
    await payRun(h.worker, runId);
    const run = await settled(h, runId, s.manager);
    expect(run.status).toBe('paid');
    expect(transfersOf(runId)).toHaveLength(1);
    expect(run.lines[0].stripeTransferId).toBe(transfersOf(runId)[0]!.id);
    expect(await readFund(h, s)).toMatchObject({ paidPence: 5_000, reservedPence: 0 });
  });

  it('pays a line once when the run resumes after Stripe has forgotten the idempotency key (25 hours later)', async () => {
    const { s, runId } = await approvedRun();
    crash = { after: () => true };
    await approve(s, runId);
    await h.payouts.idle();
    crash = {};
    stripeClockOffsetMs = 25 * 3_600_000;
    try {
      await payRun(h.worker, runId);
    } finally {
      stripeClockOffsetMs = 0;
    }
    const run = await settled(h, runId, s.manager);
    expect(run.status).toBe('paid');
    expect(transfersOf(runId)).toHaveLength(1);
    expect(run.lines[0].stripeTransferId).toBe(transfersOf(runId)[0]!.id);
  });

  it('pays a line once when the worker dies before calling Stripe', async () => {
    const { s, runId } = await approvedRun();
    crash = { before: () => true };
    await approve(s, runId);
    await h.payouts.idle();
    crash = {};
    expect(transfersOf(runId)).toHaveLength(0);
    await payRun(h.worker, runId);
    const run = await settled(h, runId, s.manager);
    expect(run.status).toBe('paid');
    expect(transfersOf(runId)).toHaveLength(1);
  });

  it('creates one transfer per line when two workers pay the same run at once', async () => {
    const { s, runId } = await approvedRun(3);
    await approve(s, runId);
    await Promise.all([payRun(h.worker, runId), payRun(h.worker, runId), payRun(h.worker, runId)]);
    const run = await settled(h, runId, s.manager);
    expect(run.status).toBe('paid');
    expect(transfersOf(runId)).toHaveLength(1);
    expect(run.progress).toEqual({ total: 1, paid: 1, failed: 0 });
  });
});

describe('Stripe failures', () => {
  it.each(['server_error', 'timeout', 'rate_limit'] as const)('retries a %s with the same idempotency key and pays once', async (kind) => {
    const { s, runId } = await approvedRun();
    h.sandbox.failNext(kind, { path: '/v1/transfers', count: 1, holdMs: 5_000 });
    await approve(s, runId);
    const run = await settled(h, runId, s.manager);
    expect(run.status).toBe('paid');
    expect(transfersOf(runId)).toHaveLength(1);
  });

  it('pays once when Stripe created the transfer but the answer was lost', async () => {
    const { s, runId } = await approvedRun();
    h.sandbox.failNext('server_error', { path: '/v1/transfers', afterCommit: true });
    await approve(s, runId);
    const run = await settled(h, runId, s.manager);
    expect(run.status).toBe('paid');
    expect(transfersOf(runId)).toHaveLength(1);
  });

  it('marks a line failed with balance_insufficient, carries on, and pays it once on retry', async () => {
    const { s, runId } = await approvedRun();
    const balance = h.sandbox.balance();
    h.sandbox.setBalance(100);
    const draft = await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager });
    expect(draft.body.balance).toMatchObject({ platformBalancePence: 100, coversRun: false, warning: expect.stringContaining('cannot cover') });
    await approve(s, runId);
    const failed = await settled(h, runId, s.manager);
    expect(failed.status).toBe('paid_with_failures');
    expect(failed.lines[0]).toMatchObject({ status: 'failed', failureCode: 'balance_insufficient' });
    // The alarm on failed payout lines watches this metric.
    expect(h.metricLines.some((line) => line.includes('"PayoutLinesFailed"'))).toBe(true);
    expect(await readFund(h, s)).toMatchObject({ paidPence: 0, reservedPence: 5_000 });

    h.sandbox.setBalance(balance);
    const retried = await h.call('POST', `/v1/payout-runs/${runId}/retry`, { as: s.manager });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    const run = await settled(h, runId, s.manager);
    expect(run.status).toBe('paid');
    expect(run.lines[0]).toMatchObject({ status: 'paid', attempt: 2 });
    expect(transfersOf(runId)).toHaveLength(1);
    expect(await readFund(h, s)).toMatchObject({ paidPence: 5_000, reservedPence: 0 });
  });
});

describe('Webhooks', () => {
  const deliver = (payload: string, signature: string) =>
    fetch(`${h.baseUrl}/v1/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });

  it('refuses a bad signature with 400 and applies nothing', async () => {
    const before = await tableSnapshot(h);
    const payload = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'account.updated', livemode: false, data: { object: {} } });
    const res = await deliver(payload, signPayload(payload, 'whsec_not_the_secret'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('validation_failed');
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('applies a transfer.reversed once though Stripe delivers it twice, making the amount payable again', async () => {
    const { s, runId } = await approvedRun();
    await approve(s, runId);
    const run = await settled(h, runId, s.manager);
    const transferId = run.lines[0].stripeTransferId;
    const reversal = await fetch(`${h.sandbox.url}/v1/transfers/${transferId}/reversals`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reversal.ok).toBe(true);
    await h.sandbox.webhooksIdle();
    const event = h.sandbox.events().find((e) => e.type === 'transfer.reversed' && (e.data.object as { id: string }).id === transferId)!;
    const payload = JSON.stringify(event);
    const again = await deliver(payload, signPayload(payload, h.sandbox.webhookSecret));
    expect(((await again.json()) as { outcome: string }).outcome).toBe('duplicate');

    const after = await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager });
    expect(after.body.lines[0].status).toBe('reversed');
    expect(await readFund(h, s)).toMatchObject({ paidPence: 0, reservedPence: 5_000 });
    // The reversed amount goes into the next run.
    const next = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: today() } });
    expect(next.body.totalPence).toBe(5_000);
    expect(next.body.lines).toEqual([expect.objectContaining({ referralCount: 0, blockInstalmentCount: 0, repaidCount: 1 })]);
  });

  it('applies partial reversals as they add up, each only once', async () => {
    const { s, runId } = await approvedRun();
    await approve(s, runId);
    const run = await settled(h, runId, s.manager);
    const reverse = (amount: number) =>
      fetch(`${h.sandbox.url}/v1/transfers/${run.lines[0].stripeTransferId}/reversals`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
        body: `amount=${amount}`,
      });
    expect((await reverse(1_000)).ok).toBe(true);
    await h.sandbox.webhooksIdle();
    expect((await reverse(1_500)).ok).toBe(true);
    await h.sandbox.webhooksIdle();
    expect(await readFund(h, s)).toMatchObject({ paidPence: 2_500, reservedPence: 2_500 });
    const next = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: today() } });
    expect(next.body.totalPence).toBe(2_500);
  });

  it('asks Stripe to deliver a reversal again while the line is not yet recorded as paid', async () => {
    const { s, runId } = await approvedRun();
    crash = { after: () => true };
    await approve(s, runId);
    await h.payouts.idle();
    crash = {};
    const [transfer] = transfersOf(runId);
    const event = { id: 'evt_early_reversal', object: 'event', api_version: STRIPE_API_VERSION, type: 'transfer.reversed', livemode: false, created: 1, data: { object: { ...transfer, amount_reversed: transfer!.amount } } };
    const payload = JSON.stringify(event);
    // The platform's own event: the account endpoint's secret signs it.
    const early = await deliver(payload, signPayload(payload, h.sandbox.platformWebhookSecret));
    expect(early.status).toBe(503);
    await payRun(h.worker, runId);
    const later = await deliver(payload, signPayload(payload, h.sandbox.platformWebhookSecret));
    expect(later.status).toBe(200);
    expect(await readFund(h, s)).toMatchObject({ paidPence: 0, reservedPence: 5_000 });
  });

  it('keeps the newest account state when account.updated events arrive out of order', async () => {
    const s = await createScenario(h);
    const accountId = await onboard(h, s.vcseOrgId);
    const events = h.sandbox.events().filter((e) => e.type === 'account.updated' && (e.data.object as { id: string }).id === accountId);
    // An older "not yet enabled" view of the account, delivered late under a new event id.
    const stale = { ...events[0]!, id: 'evt_stale_account_update', data: { object: { ...(events[0]!.data.object as object), payouts_enabled: false, capabilities: { transfers: 'inactive' } } } };
    const payload = JSON.stringify(stale);
    const res = await deliver(payload, signPayload(payload, h.sandbox.webhookSecret));
    expect(res.status).toBe(200);
    const org = await h.call('GET', `/v1/organisations/${s.vcseOrgId}`, { as: s.vcse });
    expect(org.body.payoutsEnabled).toBe(true);
  });

  it('acknowledges and ignores event types it does not use', async () => {
    const payload = JSON.stringify({ id: 'evt_unused_type', object: 'event', type: 'payout.created', livemode: false, data: { object: {} } });
    const res = await deliver(payload, signPayload(payload, h.sandbox.webhookSecret));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { outcome: string }).outcome).toBe('ignored');
  });
});

describe('Held organisations', () => {
  it('holds an organisation whose transfers capability is not active, before any Stripe call', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    // Started onboarding (account exists) but never finished it.
    await h.call('POST', `/v1/organisations/${s.vcseOrgId}/stripe-onboarding`, { as: s.vcse });
    const referral = await sendReferral(h, s);
    await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
    const calls = h.sandbox.transfers().length;
    // Nothing else is owed, so there is nothing a run could pay: no draft, and the refusal says what is held.
    const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: today() } });
    expect(draft.status).toBe(409);
    expect(draft.body).toMatchObject({ code: 'nothing_payable', detail: expect.stringContaining('£25.00 is held for 1 organisation') });
    expect(h.sandbox.transfers().length).toBe(calls);
    await eventually('nothing pending', async () => true);
  });
});
