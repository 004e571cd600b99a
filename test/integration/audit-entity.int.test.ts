// GET /v1/audit?entityId=: one entity's whole chain, read by its own key, for commissioners and the
// fund managers whose fund pays for it; a referral's send and decline come before any fund does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createOrganisation, createScenario, sendReferral, userOf, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
let s: Scenario;
let accepted: { id: string };
let declined: { id: string };
let agreement: { id: string };
const COMMISSIONER = userOf('org_icb', 'commissioner');

beforeAll(async () => {
  h = await createHarness();
  s = await createScenario(h);
  agreement = await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
  accepted = await sendReferral(h, s);
  expect((await h.call('POST', `/v1/referrals/${accepted.id}/accept`, { as: s.vcse })).status).toBe(200);
  expect((await h.call('POST', `/v1/referrals/${accepted.id}/outcome`, { as: s.vcse, body: { outcome: 'attended' } })).status).toBe(200);
  declined = await sendReferral(h, s);
  expect((await h.call('POST', `/v1/referrals/${declined.id}/decline`, { as: s.vcse, body: { reason: 'Full this month' } })).status).toBe(200);
});
afterAll(() => h.close());

const chain = (entityId: string, as: ReturnType<typeof userOf>) => h.call('GET', `/v1/audit?entityId=${entityId}`, { as });

describe('Route: GET /v1/audit?entityId=', () => {
  it('returns a referral’s whole chain in order, its send included, though the fund’s trail has only what the fund paid for', async () => {
    const res = await chain(accepted.id, COMMISSIONER);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['referral.sent', 'referral.accepted', 'referral.outcome_recorded']);
    expect(res.body.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
    const trail = await h.call('GET', `/v1/audit?fundId=${s.fundId}&limit=200`, { as: COMMISSIONER });
    const fromTrail = trail.body.items.filter((e: { entityId: string }) => e.entityId === accepted.id).map((e: { action: string }) => e.action);
    expect(fromTrail).not.toContain('referral.sent');
  });

  it('returns a declined referral’s chain to commissioners', async () => {
    const res = await chain(declined.id, COMMISSIONER);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['referral.sent', 'referral.declined']);
  });

  it('lets the managers of the paying fund read its referral’s and agreement’s chains, and no other fund manager', async () => {
    expect((await chain(accepted.id, s.manager)).body.items).toHaveLength(3);
    expect((await chain(agreement.id, s.manager)).status).toBe(200);
    expect((await chain(s.fundId, s.manager)).status).toBe(200);
    const other = userOf((await createOrganisation(h, 'fund_manager')).id, 'fund_manager');
    for (const id of [accepted.id, agreement.id, s.fundId]) expect((await chain(id, other)).status, id).toBe(404);
    // No fund paid for the declined referral, so no fund manager funds it.
    expect((await chain(declined.id, s.manager)).status).toBe(404);
  });

  it('refuses VCSE users and link workers, and a request naming neither a fund nor an entity', async () => {
    expect((await chain(accepted.id, s.vcse)).status).toBe(403);
    expect((await chain(accepted.id, s.linkWorker)).status).toBe(403);
    expect((await h.call('GET', '/v1/audit', { as: COMMISSIONER })).status).toBe(400);
  });
});
