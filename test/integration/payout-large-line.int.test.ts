// A payout line spanning more report keys than one DynamoDB transaction can hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_TRANSACTION } from '../../shared/store/report-moves.js';
import { createAgreement, createScenario, readFund, userOf } from '../support/builders.js';
import { createPayoutHarness, onboard, settled, type PayoutHarness } from '../support/payouts.js';
import { londonDate } from '../../shared/domain/periods.js';

let h: PayoutHarness;
beforeAll(async () => {
  h = await createPayoutHarness();
});
afterAll(() => h.close());

describe('Payout line with many report keys', () => {
  it('pays and reverses a line whose referrals span 130 PCNs, keeping every report key right', async () => {
    // Prepare: one VCSE accepts referrals from 130 different PCNs, more keys than fit one transaction.
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 1_000 });
    await onboard(h, s.vcseOrgId);
    const pcns = Array.from({ length: 130 }, (_, i) => `U${String(10_000 + i)}`);
    expect(pcns.length).toBeGreaterThan(IN_TRANSACTION + 60);
    for (const [i, pcn] of pcns.entries()) {
      const sent = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: s.activityId, clientRef: `PCN-${i}`, source: 'gp', pcnOdsCode: pcn } });
      expect((await h.call('POST', `/v1/referrals/${sent.body.id}/accept`, { as: s.vcse })).status).toBe(200);
    }
    const commissioner = userOf('org_icb', 'commissioner');
    const byPcn = async () => {
      const res = await h.call('GET', `/v1/reports/spend?fundId=${s.fundId}&groupBy=pcn&limit=200`, { as: commissioner });
      return res.body.items as { key: string; reservedPence: number; paidPence: number }[];
    };

    // Act: pay it.
    const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(new Date()) } });
    await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: s.secondManager });
    const run = await settled(h, draft.body.id, s.manager);

    // Assess: one transfer, and every PCN's £10 moved from reserved to paid.
    expect(run).toMatchObject({ status: 'paid', totalPence: 130_000 });
    expect(await readFund(h, s)).toMatchObject({ paidPence: 130_000, reservedPence: 0 });
    const paid = await byPcn();
    expect(paid).toHaveLength(130);
    for (const row of paid) expect(row).toMatchObject({ reservedPence: 0, paidPence: 1_000 });

    // And reversed in full: every key back to reserved.
    await fetch(`${h.sandbox.url}/v1/transfers/${run.lines[0].stripeTransferId}/reversals`, { method: 'POST', headers: { authorization: 'Bearer sk_test_x' } });
    await h.sandbox.webhooksIdle();
    for (const row of await byPcn()) expect(row).toMatchObject({ reservedPence: 1_000, paidPence: 0 });
  }, 120_000);
});
