// Referrals over time: capacity per London period, the response deadline, outcomes and directory figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireOverdueReferrals } from '../../shared/store/expiry.js';
import { createAgreement, createScenario, sendReferral, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let now = new Date('2026-10-15T10:00:00Z');
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ clock: () => now });
});
afterAll(() => h.close());

const at = (iso: string) => {
  now = new Date(iso);
};
const accept = (s: Scenario, id: string) => h.call('POST', `/v1/referrals/${id}/accept`, { as: s.vcse });

describe('Capacity per period, in London time', () => {
  it('opens a new month’s capacity at midnight in London, not before', async () => {
    at('2026-10-20T09:00:00Z');
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'block', capacity: 1, amountPence: 120_000, period: 'month' });
    const referrals = [await sendReferral(h, s), await sendReferral(h, s), await sendReferral(h, s)];

    // 23:30 on 31 October in London (GMT since the clocks went back on 25 October): still October.
    at('2026-10-31T23:30:00Z');
    expect((await accept(s, referrals[0]!.id)).body.funding.periodKey).toBe('2026-10');
    at('2026-10-31T23:59:00Z');
    expect((await accept(s, referrals[1]!.id)).body.code).toBe('capacity_exhausted');
    // Midnight: November has room again.
    at('2026-11-01T00:00:00Z');
    const november = await accept(s, referrals[1]!.id);
    expect(november.status).toBe(200);
    expect(november.body.funding.periodKey).toBe('2026-11');
    expect((await accept(s, referrals[2]!.id)).body.code).toBe('capacity_exhausted');
  });

  it('counts an acceptance at 00:30 BST on 1 April in April, though it is still March in UTC', async () => {
    at('2026-03-20T09:00:00Z');
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'block', capacity: 1, amountPence: 120_000, period: 'month' });
    const first = await sendReferral(h, s);
    const second = await sendReferral(h, s);
    at('2026-03-31T22:30:00Z'); // 23:30 BST, 31 March
    expect((await accept(s, first.id)).body.funding.periodKey).toBe('2026-03');
    at('2026-03-31T23:30:00Z'); // 00:30 BST, 1 April
    const april = await accept(s, second.id);
    expect(april.status).toBe(200);
    expect(april.body.funding.periodKey).toBe('2026-04');
  });

  it('keeps quarterly capacity for the whole quarter', async () => {
    at('2026-07-01T09:00:00Z');
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'block', capacity: 2, amountPence: 400_000, period: 'quarter' });
    const referrals = [await sendReferral(h, s), await sendReferral(h, s), await sendReferral(h, s)];
    at('2026-07-02T09:00:00Z');
    expect((await accept(s, referrals[0]!.id)).status).toBe(200);
    at('2026-09-30T22:00:00Z'); // 23:00 BST on 30 September
    expect((await accept(s, referrals[1]!.id)).body.funding.periodKey).toBe('2026-Q3');
    expect((await accept(s, referrals[2]!.id)).body.code).toBe('capacity_exhausted');
  });
});

describe('Response deadline', () => {
  it('expires a referral left unanswered for 14 days, once, however often the job runs', async () => {
    at('2026-11-01T09:00:00Z');
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2000 });
    const waiting = await sendReferral(h, s);
    const answered = await sendReferral(h, s);
    expect(waiting).toMatchObject({ respondBy: '2026-11-15T09:00:00.000Z' });

    at('2026-11-10T09:00:00Z');
    expect((await accept(s, answered.id)).status).toBe(200);
    at('2026-11-15T08:59:00Z');
    await expireOverdueReferrals(h.deps.store, now, h.deps.ids);
    expect((await h.call('GET', `/v1/referrals/${waiting.id}`, { as: s.vcse })).body.status).toBe('sent');

    at('2026-11-15T09:01:00Z');
    const [a, b] = await Promise.all([
      expireOverdueReferrals(h.deps.store, now, h.deps.ids),
      expireOverdueReferrals(h.deps.store, now, h.deps.ids),
    ]);
    expect(a.expired + b.expired).toBeGreaterThanOrEqual(1);
    const again = await expireOverdueReferrals(h.deps.store, now, h.deps.ids);
    expect(again.expired).toBe(0);
    expect((await h.call('GET', `/v1/referrals/${waiting.id}`, { as: s.vcse })).body.status).toBe('expired');
    expect((await h.call('GET', `/v1/referrals/${answered.id}`, { as: s.vcse })).body.status).toBe('accepted');
    expect((await accept(s, waiting.id)).body.code).toBe('invalid_transition');
    const directory = await h.call('GET', `/v1/activities?organisationId=${s.vcseOrgId}`, { as: s.linkWorker });
    expect(directory.body.items[0].stats).toMatchObject({ referralsReceived: 2, accepted: 1, expired: 1, acceptanceRate: 0.5 });
  });

  it('uses the fund’s own deadline when it sets one', async () => {
    at('2026-11-01T09:00:00Z');
    const s = await createScenario(h, { responseDeadlineDays: 7 });
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2000 });
    expect((await sendReferral(h, s)).respondBy).toBe('2026-11-08T09:00:00.000Z');
  });
});

describe('Answers and outcomes', () => {
  it('records outcomes after acceptance and refuses them before', async () => {
    at('2026-11-02T09:00:00Z');
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2000 });
    const referral = await sendReferral(h, s, { priorityGroup: 'Carers', pcnOdsCode: 'U12345', snomedCode: '871731000000106' });
    const early = await h.call('POST', `/v1/referrals/${referral.id}/outcome`, { as: s.vcse, body: { outcome: 'attended' } });
    expect(early.body.code).toBe('invalid_transition');
    at('2026-11-02T15:00:00Z');
    await accept(s, referral.id);
    const attended = await h.call('POST', `/v1/referrals/${referral.id}/outcome`, { as: s.vcse, body: { outcome: 'attended' } });
    expect(attended.body).toMatchObject({ status: 'accepted', outcome: 'attended', pcnOdsCode: 'U12345', priorityGroup: 'Carers' });
    const completed = await h.call('POST', `/v1/referrals/${referral.id}/outcome`, { as: s.vcse, body: { outcome: 'completed' } });
    expect(completed.body.outcome).toBe('completed');
    const directory = await h.call('GET', `/v1/activities?organisationId=${s.vcseOrgId}`, { as: s.linkWorker });
    expect(directory.body.items[0].stats).toMatchObject({ accepted: 1, acceptanceRate: 1, medianResponseHours: 6 });
  });

  it('lets the referring link worker withdraw a referral not yet answered, and no one after', async () => {
    at('2026-11-03T09:00:00Z');
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2000 });
    const referral = await sendReferral(h, s);
    const withdrawn = await h.call('POST', `/v1/referrals/${referral.id}/withdraw`, { as: s.linkWorker });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await accept(s, referral.id)).body.code).toBe('invalid_transition');
    expect((await h.call('POST', `/v1/referrals/${referral.id}/withdraw`, { as: s.linkWorker })).body.code).toBe('invalid_transition');
  });

  it('logs a referral accepted through another platform, funded as an acceptance, once per external reference', async () => {
    at('2026-11-04T09:00:00Z');
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 3000 });
    const body = { activityId: s.activityId, clientRef: 'JOY-77', source: 'self', externalRef: 'joy-123', acceptedAt: '2026-11-03T16:00:00Z' };
    const logged = await h.call('POST', '/v1/referrals', { as: s.vcse, body });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    expect(logged.body).toMatchObject({ status: 'accepted', externalRef: 'joy-123', funding: { tariffPence: 3000 } });
    const repeat = await h.call('POST', '/v1/referrals', { as: s.vcse, body: { ...body, clientRef: 'JOY-78' } });
    expect(repeat.status).toBe(409);
    expect(repeat.body.code).toBe('duplicate_referral');
    const fund = await h.call('GET', `/v1/funds/${s.fundId}`, { as: s.manager });
    expect(fund.body.reservedPence).toBe(3000);
  });
});
