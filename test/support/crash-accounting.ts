// What recovery from a fault or a crash must leave behind: every payout line paid by exactly one Stripe
// transfer of its own amount, and every accepted referral funded exactly once.
import { expect } from 'vitest';
import { createActivity, createAgreement, createOrganisation, createScenario, readFund, unique, userOf, type Scenario } from './builders.js';
import { onboard, type PayoutHarness } from './payouts.js';
import { londonDate } from '../../shared/domain/periods.js';

/** A fund owing `organisations` onboarded VCSEs one to three £25 tariffs each, and a drafted run. */
export const owingRun = async (h: PayoutHarness, organisations: number): Promise<{ s: Scenario; runId: string }> => {
  const s = await createScenario(h);
  for (let i = 0; i < organisations; i += 1) {
    const orgId = i === 0 ? s.vcseOrgId : (await createOrganisation(h, 'vcse')).id;
    const activityId = i === 0 ? s.activityId : (await createActivity(h, orgId)).id;
    await createAgreement(h, s, { organisationId: orgId, kind: 'per_referral', tariffPence: 2_500 });
    await onboard(h, orgId);
    for (let r = 0; r <= i % 3; r += 1) {
      const sent = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId, clientRef: unique('CR'), source: 'gp' } });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      expect((await h.call('POST', `/v1/referrals/${sent.body.id}/accept`, { as: userOf(orgId, 'vcse') })).status).toBe(200);
    }
  }
  const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(new Date()) } });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  return { s, runId: draft.body.id };
};

/** The run is paid, each line by one transfer of its amount, and the fund's paid figure is their sum. */
export const expectEachLinePaidOnce = async (h: PayoutHarness, s: Scenario, runId: string) => {
  const run = (await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager })).body;
  expect(run.status).toBe('paid');
  const transfers = h.sandbox.transfers().filter((t) => t.transfer_group === runId);
  expect(transfers.map((t) => t.metadata.lineId).sort()).toEqual(run.lines.map((l: { id: string }) => l.id).sort());
  for (const line of run.lines) {
    const paying = transfers.filter((t) => t.metadata.lineId === line.id);
    expect(paying, `line ${line.id}`).toHaveLength(1);
    expect(paying[0]).toMatchObject({ id: line.stripeTransferId, amount: line.amountPence });
  }
  expect((await readFund(h, s)).paidPence).toBe(run.totalPence);
  return run;
};

/** Each referral accepted, and the fund holds exactly one tariff for each (the invariant checker matches counters). */
export const expectEachAcceptedOnce = async (h: PayoutHarness, s: Scenario, referralIds: readonly string[], tariffPence: number) => {
  for (const id of referralIds) {
    expect(`${id} ${(await h.call('GET', `/v1/referrals/${id}`, { as: s.vcse })).body.status}`).toBe(`${id} accepted`);
  }
  const fund = await readFund(h, s);
  expect(fund.reservedPence + fund.paidPence).toBe(referralIds.length * tariffPence);
};
