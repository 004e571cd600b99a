// Funds and agreements: who may set them up and who may read them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createOrganisation, createScenario, tableSnapshot, userOf } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { monthsFromThisMonth } from '../support/today.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('Route: /v1/funds tenancy', () => {
  it('shows a fund to its own fund managers and commissioners, hides it from other fund managers, refuses other roles', async () => {
    const s = await createScenario(h);
    const path = `/v1/funds/${s.fundId}`;
    expect((await h.call('GET', path, { as: s.manager })).status).toBe(200);
    expect((await h.call('GET', path, { as: userOf('org_icb', 'commissioner') })).status).toBe(200);
    expect((await h.call('GET', path, { as: userOf('org_other_fm', 'fund_manager') })).status).toBe(404);
    expect((await h.call('GET', path, { as: s.vcse })).status).toBe(403);
    expect((await h.call('GET', path, { as: s.linkWorker })).status).toBe(403);
  });

  it('lets only the fund’s own managers agree funding, writing nothing otherwise', async () => {
    const s = await createScenario(h);
    const body = { organisationId: s.vcseOrgId, kind: 'per_referral', tariffPence: 1_000, period: 'month', ...monthsFromThisMonth(12) };
    const before = await tableSnapshot(h);
    expect((await h.call('POST', `/v1/funds/${s.fundId}/agreements`, { as: userOf('org_other_fm', 'fund_manager'), body })).status).toBe(404);
    expect((await h.call('POST', `/v1/funds/${s.fundId}/agreements`, { as: s.vcse, body })).status).toBe(403);
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('shows a VCSE only its own organisation’s agreements in a fund', async () => {
    const s = await createScenario(h);
    const other = await createOrganisation(h, 'vcse');
    const mine = await createAgreement(h, s, { kind: 'per_referral', tariffPence: 1_000 });
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_000, organisationId: other.id });
    const seen = await h.call('GET', `/v1/funds/${s.fundId}/agreements`, { as: s.vcse });
    expect(seen.body.items.map((a: { id: string }) => a.id)).toEqual([mine.id]);
    expect((await h.call('GET', `/v1/funds/${s.fundId}/agreements`, { as: s.manager })).body.items).toHaveLength(2);
    expect((await h.call('GET', `/v1/funds/${s.fundId}/agreements`, { as: s.linkWorker })).status).toBe(403);
  });

  it('refuses a block agreement the fund cannot cover, with fund_exhausted and nothing written', async () => {
    const s = await createScenario(h, { totalPence: 50_000 });
    const before = await tableSnapshot(h);
    const res = await h.call('POST', `/v1/funds/${s.fundId}/agreements`, {
      as: s.manager,
      body: { organisationId: s.vcseOrgId, kind: 'block', capacity: 10, amountPence: 60_000, period: 'month', ...monthsFromThisMonth(12) },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('fund_exhausted');
    expect(await tableSnapshot(h)).toEqual(before);
  });
});
