// Ending an agreement early: it runs to the end of this period, whose instalment stays payable, and the
// block reservation for later periods returns to the fund with its ledger movement and audit event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createOrganisation, createScenario, readFund, tableSnapshot, userOf, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

// 1 December 2026: the current monthly period is December.
const TODAY = new Date('2026-12-01T10:00:00Z');
let now = TODAY;
let h: Harness;
let s: Scenario;

beforeAll(async () => {
  h = await createHarness({ clock: () => now });
  s = await createScenario(h, { startsOn: '2026-04-01', endsOn: '2027-03-31' });
});
afterAll(() => h.close());

const spendFor = async (organisationId: string) => {
  const res = await h.call('GET', `/v1/reports/spend?fundId=${s.fundId}&groupBy=organisation`, { as: s.manager });
  return res.body.items.find((row: { key: string }) => row.key === organisationId);
};

describe('Route: POST /v1/agreements/{id}/end', () => {
  it('keeps this month’s instalment and returns the later months’ reservation to the fund', async () => {
    const org = await createOrganisation(h, 'vcse');
    const before = await readFund(h, s);
    // £4,000.01 over December to March: £1,000.01 in December (the odd penny goes first), £1,000 after.
    const agreement = await createAgreement(h, s, { organisationId: org.id, kind: 'block', capacity: 10, amountPence: 400_001, startsOn: '2026-12-01', endsOn: '2027-03-31' });
    const res = await h.call('POST', `/v1/agreements/${agreement.id}/end`, { as: s.manager });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: agreement.id, endsOn: '2026-12-31', amountPence: 100_001, releasedPence: 300_000, endedAt: TODAY.toISOString() });
    expect(await readFund(h, s)).toMatchObject({ availablePence: before.availablePence - 100_001, reservedPence: before.reservedPence + 100_001 });
    expect(await spendFor(org.id)).toMatchObject({ reservedPence: 100_001 });
    const trail = await h.call('GET', `/v1/audit?fundId=${s.fundId}&limit=200`, { as: s.manager });
    expect(trail.body.items.filter((e: { action: string; entityId: string }) => e.action === 'agreement.ended' && e.entityId === agreement.id)).toHaveLength(1);
  });

  it('refuses to end it twice, writing nothing', async () => {
    const org = await createOrganisation(h, 'vcse');
    const agreement = await createAgreement(h, s, { organisationId: org.id, kind: 'block', capacity: 5, amountPence: 30_000, startsOn: '2026-12-01', endsOn: '2027-02-28' });
    expect((await h.call('POST', `/v1/agreements/${agreement.id}/end`, { as: s.manager })).status).toBe(200);
    const before = await tableSnapshot(h);
    const again = await h.call('POST', `/v1/agreements/${agreement.id}/end`, { as: s.manager });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'invalid_transition', detail: expect.stringContaining('31 December 2026') });
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('ends one not yet started before it begins, returning all of it', async () => {
    const org = await createOrganisation(h, 'vcse');
    const before = await readFund(h, s);
    const agreement = await createAgreement(h, s, { organisationId: org.id, kind: 'block', capacity: 5, amountPence: 60_000, period: 'quarter', startsOn: '2027-01-01', endsOn: '2027-03-31' });
    const res = await h.call('POST', `/v1/agreements/${agreement.id}/end`, { as: s.manager });
    expect(res.body).toMatchObject({ endsOn: '2026-12-31', amountPence: 0, releasedPence: 60_000 });
    expect(await readFund(h, s)).toEqual(before);
  });

  it('stops a per-referral agreement funding referrals after this month', async () => {
    const org = await createOrganisation(h, 'vcse');
    const activity = (await h.call('POST', '/v1/activities', { as: userOf(org.id, 'vcse'), body: { name: 'Per-referral walk', category: 'physical_activity' } })).body;
    const agreement = await createAgreement(h, s, { organisationId: org.id, kind: 'per_referral', tariffPence: 2_000, startsOn: '2026-04-01', endsOn: '2027-03-31' });
    expect((await h.call('POST', `/v1/agreements/${agreement.id}/end`, { as: s.manager })).body).toMatchObject({ endsOn: '2026-12-31', releasedPence: 0 });
    now = new Date('2027-01-04T10:00:00Z');
    try {
      const sent = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: activity.id, clientRef: 'JAN-0001', source: 'gp' } });
      expect(sent.body.warnings).toMatchObject([{ code: 'no_agreement' }]);
    } finally {
      now = TODAY;
    }
  });

  it.each([
    { name: 'a VCSE user (403)', who: () => s.vcse, status: 403 },
    { name: 'a commissioner (403)', who: () => userOf(s.fundManagerOrgId, 'commissioner'), status: 403 },
    { name: 'a fund manager of another organisation (404)', who: () => userOf('org_01JF0000000000000000000000', 'fund_manager'), status: 404 },
  ])('refuses $name, writing nothing', async ({ who, status }) => {
    const agreement = await createAgreement(h, s, { kind: 'block', capacity: 5, amountPence: 20_000, startsOn: '2026-12-01', endsOn: '2027-01-31' });
    const before = await tableSnapshot(h);
    const res = await h.call('POST', `/v1/agreements/${agreement.id}/end`, { as: who() });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('answers 404 for an agreement that does not exist', async () => {
    expect((await h.call('POST', '/v1/agreements/agr_01JF0000000000000000000000/end', { as: s.manager })).status).toBe(404);
  });
});
