// Payouts end to end: onboarding, four-eyes approval, one Stripe transfer per line, webhooks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createAgreement, createOrganisation, createScenario, readFund, sendReferral, userOf, type Scenario } from '../support/builders.js';
import { createPayoutHarness, onboard, settled, type PayoutHarness } from '../support/payouts.js';
import { londonDate } from '../../shared/domain/periods.js';

let h: PayoutHarness;
beforeAll(async () => {
  h = await createPayoutHarness();
});
afterAll(() => h.close());

const acceptSome = async (s: Scenario, vcse: { orgId: string; activityId: string }, count: number) => {
  for (let i = 0; i < count; i += 1) {
    const referral = await sendReferral(h, { ...s, activityId: vcse.activityId });
    const res = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: userOf(vcse.orgId, 'vcse') });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
};

describe('Payout runs end to end', () => {
  it('onboards two organisations, pays each once after a second fund manager approves, and moves the fund from reserved to paid', async () => {
    // Prepare: two VCSEs with per-referral agreements; one also unonboarded third org with money owed.
    const s = await createScenario(h);
    const second = await createOrganisation(h, 'vcse');
    const secondActivity = await createActivity(h, second.id);
    const third = await createOrganisation(h, 'vcse');
    const thirdActivity = await createActivity(h, third.id);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 4_000, organisationId: second.id });
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 1_000, organisationId: third.id });
    const firstAccount = await onboard(h, s.vcseOrgId);
    const secondAccount = await onboard(h, second.id);
    await acceptSome(s, { orgId: s.vcseOrgId, activityId: s.activityId }, 3);
    await acceptSome(s, { orgId: second.id, activityId: secondActivity.id }, 2);
    await acceptSome(s, { orgId: third.id, activityId: thirdActivity.id }, 1);

    // Act: draft, try to approve one's own run, approve as the second fund manager.
    const today = londonDate(new Date());
    const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: today } });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', totalPence: 3 * 2_500 + 2 * 4_000, balance: { coversRun: true } });
    expect(draft.body.held).toEqual([{ organisationId: third.id, amountPence: 1_000, reason: 'no_stripe_account' }]);
    const self = await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: s.manager });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('four_eyes_required');
    const approved = await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: s.secondManager });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const run = await settled(h, draft.body.id, s.manager);

    // Assess
    expect(run).toMatchObject({ status: 'paid', approvedBy: s.secondManager.sub, progress: { total: 2, paid: 2, failed: 0 } });
    for (const line of run.lines) expect(line).toMatchObject({ status: 'paid', stripeTransferId: expect.stringMatching(/^tr_/) });
    const transfers = h.sandbox.transfers().filter((t) => t.transfer_group === draft.body.id);
    expect(transfers.map((t) => [t.destination, t.amount]).sort()).toEqual([[firstAccount, 7_500], [secondAccount, 8_000]].sort());
    for (const t of transfers) expect(t.metadata).toMatchObject({ fundId: s.fundId, runId: draft.body.id, lineId: expect.stringMatching(/^line_/) });
    expect(await readFund(h, s)).toMatchObject({ reservedPence: 1_000, paidPence: 15_500, availablePence: 30_000_000 - 16_500 });
  });

  it('never puts an amount in two runs', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_000 });
    await onboard(h, s.vcseOrgId);
    await acceptSome(s, { orgId: s.vcseOrgId, activityId: s.activityId }, 2);
    const today = londonDate(new Date());
    const first = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: today } });
    const blocked = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.secondManager, body: { through: today } });
    expect(blocked.body.code).toBe('invalid_transition');
    await h.call('POST', `/v1/payout-runs/${first.body.id}/approve`, { as: s.secondManager });
    await settled(h, first.body.id, s.manager);
    // Everything owed is in the first run: a second finds nothing payable and is not drafted.
    const next = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: today } });
    expect(next.status).toBe(409);
    expect(next.body.code).toBe('nothing_payable');
  });

  it('lets commissioners read a run but not act on it, and hides it from other fund managers', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_000 });
    await onboard(h, s.vcseOrgId);
    await acceptSome(s, { orgId: s.vcseOrgId, activityId: s.activityId }, 1);
    const today = londonDate(new Date());
    const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: today } });
    expect((await h.call('GET', `/v1/payout-runs/${draft.body.id}`, { as: userOf('org_icb', 'commissioner') })).status).toBe(200);
    expect((await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: userOf('org_icb', 'commissioner') })).status).toBe(403);
    expect((await h.call('GET', `/v1/payout-runs/${draft.body.id}`, { as: userOf('org_other_fm', 'fund_manager') })).status).toBe(404);
    // A VCSE user's role never reads payout runs: refused as such, not hidden.
    expect((await h.call('GET', `/v1/payout-runs/${draft.body.id}`, { as: s.vcse })).status).toBe(403);
  });
});

describe('Drafting, interrupted and overlapping', () => {
  it('lets a second draft request take over an unfinished one, and stops the first from overwriting its lines', async () => {
    const { draftRun } = await import('../../shared/store/payout-runs.js');
    const { getFund } = await import('../../shared/store/funds.js');
    const { getOrganisation } = await import('../../shared/store/organisations.js');
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_000 });
    await onboard(h, s.vcseOrgId);
    await acceptSome(s, { orgId: s.vcseOrgId, activityId: s.activityId }, 2);
    const loadOrganisations = async (ids: string[]) =>
      new Map((await Promise.all(ids.map((id) => getOrganisation(h.deps.store, id)))).filter((o) => o !== undefined).map((o) => [o.id, o]));
    const input = (fund: Awaited<ReturnType<typeof getFund>>, actor: string, load = loadOrganisations) => ({
      fund: fund!,
      through: londonDate(new Date()),
      actor,
      at: new Date().toISOString(),
      ids: h.deps.ids,
      loadOrganisations: load,
    });

    // Prepare: request A creates the run and stalls before locking anything.
    let release!: () => void;
    let stalled!: () => void;
    const isStalled = new Promise<void>((resolve) => (stalled = resolve));
    const first = draftRun(h.deps.store, input(await getFund(h.deps.store, s.fundId), s.manager.sub, async (ids) => {
      stalled();
      await new Promise<void>((resolve) => (release = resolve));
      return loadOrganisations(ids);
    }));
    await isStalled;

    // Act: one more acceptance, then request B resumes the same draft and completes it; then A wakes.
    await acceptSome(s, { orgId: s.vcseOrgId, activityId: s.activityId }, 1);
    const second = await draftRun(h.deps.store, input(await getFund(h.deps.store, s.fundId), s.manager.sub));
    release();

    // Assess: A stops with a 409; the run holds all three amounts in one line; nothing is locked outside it.
    await expect(first).rejects.toMatchObject({ code: 'invalid_transition' });
    const run = await h.call('GET', `/v1/payout-runs/${second.id}`, { as: s.manager });
    expect(run.body).toMatchObject({ status: 'draft', totalPence: 6_000 });
    expect(run.body.lines).toEqual([expect.objectContaining({ amountPence: 6_000, referralCount: 3, blockInstalmentCount: 0, repaidCount: 0, status: 'pending' })]);
  });
});
