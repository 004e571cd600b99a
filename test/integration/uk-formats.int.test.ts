// The details people read, through the API: money as £1,234.50 and dates as 23 November 2026, and
// each refusal writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, sendReferral, tableSnapshot, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
let s: Scenario;
beforeAll(async () => {
  h = await createHarness({ clock: () => new Date('2026-11-23T10:00:00Z') });
  s = await createScenario(h, { totalPence: 99_999_998, startsOn: '2026-04-01', endsOn: '2027-03-31' });
});
afterAll(() => h.close());

const agreement = (body: Record<string, unknown>) =>
  h.call('POST', `/v1/funds/${s.fundId}/agreements`, { as: s.manager, body: { organisationId: s.vcseOrgId, period: 'month', startsOn: '2026-04-01', endsOn: '2027-03-31', ...body } });

describe('Details with money or dates', () => {
  it('say what a fund cannot cover in pounds, and what dates a fund spans in words', async () => {
    const before = await tableSnapshot(h);
    const tooMuch = await agreement({ kind: 'block', capacity: 5, amountPence: 99_999_999 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.detail).toBe('The fund cannot cover £999,999.99 for this block agreement.');
    const outside = await agreement({ kind: 'per_referral', tariffPence: 1_000, startsOn: '2026-01-01' });
    expect(outside.status).toBe(400);
    expect(outside.body.errors).toEqual([{ path: '/startsOn', message: 'Start date must fall within the fund (1 April 2026 to 31 March 2027).' }]);
    const notPence = await agreement({ kind: 'per_referral', tariffPence: 12.5 });
    expect(notPence.body.errors).toEqual([{ path: '/tariffPence', message: 'Tariff must be a whole number of pence.' }]);
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('name the London day an acceptance found no agreement for', async () => {
    const sent = await sendReferral(h, s);
    const before = await tableSnapshot(h);
    const res = await h.call('POST', `/v1/referrals/${sent.id}/accept`, { as: s.vcse });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe(`No active agreement covers activity ${s.activityId} on 23 November 2026.`);
    expect(await tableSnapshot(h)).toEqual(before);
  });
});
