// Acceptance: funded exactly once, within capacity and within the fund, under any concurrency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createScenario, readFund, sendReferral, tableSnapshot } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { monthsFromThisMonth } from '../support/today.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('Route: POST /v1/referrals/{id}/accept', () => {
  it('accepts a sent referral against a per-referral agreement, reserving the tariff', async () => {
    const s = await createScenario(h);
    const agreement = await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2500 });
    const referral = await sendReferral(h, s);
    const res = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', funding: { agreementId: agreement.id, tariffPence: 2500, agreementKind: 'per_referral' } });
    expect(await readFund(h, s)).toMatchObject({ totalPence: 30_000_000, availablePence: 30_000_000 - 2500, reservedPence: 2500, paidPence: 0 });
  });

  it('reserves a block agreement’s amount at creation and counts acceptances against its capacity', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'block', capacity: 1, amountPence: 1_200_000, period: 'month', ...monthsFromThisMonth(12) });
    expect(await readFund(h, s)).toMatchObject({ availablePence: 30_000_000 - 1_200_000, reservedPence: 1_200_000 });
    const first = await sendReferral(h, s);
    const second = await sendReferral(h, s);
    expect((await h.call('POST', `/v1/referrals/${first.id}/accept`, { as: s.vcse })).status).toBe(200);
    const refused = await h.call('POST', `/v1/referrals/${second.id}/accept`, { as: s.vcse });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('capacity_exhausted');
    const still = await h.call('GET', `/v1/referrals/${second.id}`, { as: s.vcse });
    expect(still.body.status).toBe('sent');
  });

  it('prefers the activity block, then organisation block, then per-referral agreements', async () => {
    const s = await createScenario(h);
    const orgPerReferral = await createAgreement(h, s, { kind: 'per_referral', tariffPence: 1000 });
    const activityPerReferral = await createAgreement(h, s, { kind: 'per_referral', tariffPence: 1500, activityId: s.activityId });
    const orgBlock = await createAgreement(h, s, { kind: 'block', capacity: 1, amountPence: 24_000, period: 'month' });
    const activityBlock = await createAgreement(h, s, { kind: 'block', capacity: 1, amountPence: 24_000, period: 'month', activityId: s.activityId });
    const chosen = [];
    for (let i = 0; i < 4; i += 1) {
      const referral = await sendReferral(h, s);
      const res = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
      chosen.push(res.body.funding.agreementId);
    }
    expect(chosen).toEqual([activityBlock.id, orgBlock.id, activityPerReferral.id, activityPerReferral.id]);
    expect(chosen).not.toContain(orgPerReferral.id);
  });

  it('answers no_agreement when no agreement covers the activity, writing nothing', async () => {
    const s = await createScenario(h);
    const referral = await sendReferral(h, s);
    const before = await tableSnapshot(h);
    const res = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('no_agreement');
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('answers invalid_transition for a referral already declined', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 1000 });
    const referral = await sendReferral(h, s);
    expect((await h.call('POST', `/v1/referrals/${referral.id}/decline`, { as: s.vcse, body: { reason: 'Group is full until March' } })).status).toBe(200);
    const res = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('invalid_transition');
  });
});

describe('Metrics', () => {
  it('publishes acceptances and capacity refusals as CloudWatch metrics', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'block', capacity: 1, amountPence: 12_000, period: 'month' });
    const [first, second] = [await sendReferral(h, s), await sendReferral(h, s)];
    h.metricLines.length = 0;
    await h.call('POST', `/v1/referrals/${first.id}/accept`, { as: s.vcse });
    await h.call('POST', `/v1/referrals/${second.id}/accept`, { as: s.vcse });
    const emf = h.metricLines.map((line) => JSON.parse(line));
    expect(emf.map((doc) => doc._aws.CloudWatchMetrics[0].Metrics[0].Name)).toEqual(['ReferralsAccepted', 'CapacityRejections']);
    expect(emf[0]._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'PayOnPrescription', Dimensions: [['service']] });
    expect(emf[0].service).toBe('pay-on-prescription');
  });
});
