// A run of 200 organisations paid within Stripe test mode's 25 requests a second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createAgreement, createOrganisation, createScenario, readFund, userOf } from '../support/builders.js';
import { createPayoutHarness, inBatches, onboardQuickly, settled, type PayoutHarness } from '../support/payouts.js';
import { londonDate } from '../../shared/domain/periods.js';

let h: PayoutHarness;
beforeAll(async () => {
  h = await createPayoutHarness({ rateLimitPerSecond: 25, transfersPerSecond: 20 });
});
afterAll(() => h.close());

describe('Payout run at scale', () => {
  it('pays 200 organisations in one run without a 429 reaching any line', async () => {
    // Prepare: 200 onboarded VCSEs, each owed one £30 tariff. Set-up runs without the rate limit.
    h.sandbox.setRateLimit(0);
    const s = await createScenario(h);
    const orgs = await inBatches(Array.from({ length: 200 }, (_, i) => i), 20, async () => {
      const org = await createOrganisation(h, 'vcse');
      const activity = await createActivity(h, org.id);
      await createAgreement(h, s, { kind: 'per_referral', tariffPence: 3_000, organisationId: org.id });
      await onboardQuickly(h, org.id);
      const referral = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: activity.id, clientRef: `SCALE-${org.id}`, source: 'gp' } });
      const accepted = await h.call('POST', `/v1/referrals/${referral.body.id}/accept`, { as: userOf(org.id, 'vcse') });
      expect(accepted.status).toBe(200);
      return org.id;
    });
    await h.sandbox.webhooksIdle();
    const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(new Date()) } });
    expect(draft.body.lines).toHaveLength(200);

    // Act: approve with Stripe's test-mode limit of 25 requests a second in force.
    h.sandbox.setRateLimit(25);
    await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: s.secondManager });
    const run = await settled(h, draft.body.id, s.manager);

    // Assess
    expect(run.status).toBe('paid');
    expect(run.progress).toEqual({ total: 200, paid: 200, failed: 0 });
    expect(run.lines.filter((l: { failureCode: string | null }) => l.failureCode !== null)).toEqual([]);
    expect(h.sandbox.transfers().filter((t) => t.transfer_group === draft.body.id)).toHaveLength(orgs.length);
    expect(await readFund(h, s)).toMatchObject({ paidPence: 200 * 3_000, reservedPence: 0 });
  }, 300_000);
});
