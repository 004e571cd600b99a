// Discarding a draft payout run returns its amounts to payable; a draft that would pay nothing is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createOrganisation, createScenario, readFund, sendReferral, tableSnapshot, userOf, type Scenario } from '../support/builders.js';
import { createPayoutHarness, onboard, settled, type PayoutHarness } from '../support/payouts.js';
import { londonDate } from '../../shared/domain/periods.js';
import { daysFromToday } from '../support/today.js';

let h: PayoutHarness;
beforeAll(async () => {
  h = await createPayoutHarness();
});
afterAll(() => h.close());

const today = () => londonDate(new Date());

const owed = async (count: number, tariffPence = 2_500) => {
  const s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence });
  await onboard(h, s.vcseOrgId);
  for (let i = 0; i < count; i += 1) {
    const referral = await sendReferral(h, s);
    expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse })).status).toBe(200);
  }
  return s;
};

const draft = (s: Scenario, through = today()) => h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through } });

describe('Route: POST /v1/payout-runs/{id}/discard', () => {
  it('discards a draft; the next draft takes the same amounts and pays them once', async () => {
    const s = await owed(2);
    const first = await draft(s);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const discarded = await h.call('POST', `/v1/payout-runs/${first.body.id}/discard`, { as: s.secondManager });
    expect(discarded.status, JSON.stringify(discarded.body)).toBe(200);
    expect(discarded.body).toMatchObject({ status: 'discarded', lines: [] });
    expect((await h.call('POST', `/v1/payout-runs/${first.body.id}/approve`, { as: s.secondManager })).body.code).toBe('invalid_transition');

    const second = await draft(s);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body).toMatchObject({ status: 'draft', totalPence: 5_000 });
    expect((await h.call('POST', `/v1/payout-runs/${second.body.id}/approve`, { as: s.secondManager })).status).toBe(200);
    expect(await settled(h, second.body.id, s.manager)).toMatchObject({ status: 'paid', totalPence: 5_000 });
    expect(await readFund(h, s)).toMatchObject({ paidPence: 5_000, reservedPence: 0 });
  });

  it.each([
    { name: 'a run that is not a draft (409)', status: 409, code: 'invalid_transition', who: (s: Scenario) => s.manager, approveFirst: true },
    { name: 'a VCSE user (403)', status: 403, code: 'forbidden', who: (s: Scenario) => s.vcse, approveFirst: false },
    { name: 'a fund manager of another organisation (404)', status: 404, code: 'not_found', who: () => userOf('org_01JF0000000000000000000000', 'fund_manager'), approveFirst: false },
  ])('refuses $name, writing nothing', async ({ status, code, who, approveFirst }) => {
    const s = await owed(1);
    const run = await draft(s);
    if (approveFirst) {
      await h.call('POST', `/v1/payout-runs/${run.body.id}/approve`, { as: s.secondManager });
      await settled(h, run.body.id, s.manager);
    }
    const before = await tableSnapshot(h);
    const res = await h.call('POST', `/v1/payout-runs/${run.body.id}/discard`, { as: who(s) });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('ends an agreement while a draft is open: a draft runs to today at the latest, so later instalments are never in one', async () => {
    // Prepare: a block agreement from the first of this month; a draft through today holds this month's instalment.
    const s = await createScenario(h);
    await onboard(h, s.vcseOrgId);
    const start = today().slice(0, 8) + '01';
    const agreement = await createAgreement(h, s, { kind: 'block', capacity: 5, amountPence: 30_000, startsOn: start, endsOn: londonDate(new Date(Date.now() + 150 * 86_400_000)) });
    const run = await draft(s, today());
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    // The line says what it pays for: one instalment, no referrals (the run page shows it in words).
    expect(run.body.lines).toEqual([expect.objectContaining({ referralCount: 0, blockInstalmentCount: 1, repaidCount: 0 })]);
    // Act
    const ended = await h.call('POST', `/v1/agreements/${agreement.id}/end`, { as: s.manager });
    // Assess: the later instalments go back to the fund; the draft keeps what it holds.
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body.releasedPence).toBeGreaterThan(0);
    const after = await h.call('GET', `/v1/payout-runs/${run.body.id}`, { as: s.manager });
    expect(after.body).toMatchObject({ status: 'draft', totalPence: run.body.totalPence });
  });
});

describe('Route: POST /v1/funds/{id}/payout-runs with nothing payable', () => {
  it('refuses a date in the future on /through, writing nothing: later block instalments are not payable yet', async () => {
    // Prepare: a block agreement whose later instalments fall in months to come.
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'block', capacity: 5, amountPence: 30_000, startsOn: londonDate(new Date()), endsOn: londonDate(new Date(Date.now() + 150 * 86_400_000)) });
    const before = await tableSnapshot(h);
    // Act
    const res = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: daysFromToday(1) } });
    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ path: '/through', message: expect.stringContaining('must not be in the future') }] });
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('answers 409 nothing_payable and writes nothing when nothing is owed', async () => {
    const s = await createScenario(h);
    const before = await tableSnapshot(h);
    const res = await draft(s);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'nothing_payable', detail: expect.stringMatching(/\d{1,2} [A-Z][a-z]+ \d{4}/) });
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('answers 409 nothing_payable, saying how much is held, when every organisation owed cannot yet be paid', async () => {
    const s = await createScenario(h);
    const other = await createOrganisation(h, 'vcse');
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 1_250 });
    await createAgreement(h, s, { organisationId: other.id, kind: 'per_referral', tariffPence: 1_250 });
    const referral = await sendReferral(h, s);
    expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse })).status).toBe(200);
    const before = await tableSnapshot(h);
    const res = await draft(s);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'nothing_payable', detail: expect.stringContaining('£12.50 is held for 1 organisation') });
    expect(await tableSnapshot(h)).toEqual(before);
  });
});
