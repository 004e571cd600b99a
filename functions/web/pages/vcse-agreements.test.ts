// The VCSE agreements screen over a stand-in API: each fund's agreement, what it pays, and capacity used this period as a meter.
import { describe, expect, it } from 'vitest';
import type { ApiHandler } from '../test-support.js';
import { signedInAs } from './signed-in.test-support.js';

const VCSE = { sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_V' };
const AGREEMENTS = [
  { id: 'agr_1', fundId: 'fund_1', organisationId: 'org_V', activityId: 'act_1', kind: 'block', capacity: 40, period: 'month', tariffPence: null, amountPence: 1_200_050, startsOn: '2026-12-01', endsOn: '2027-03-31', currentPeriod: { key: '2026-12', used: 38, capacity: 40 } },
  { id: 'agr_2', fundId: 'fund_1', organisationId: 'org_V', activityId: null, kind: 'per_referral', capacity: null, period: 'month', tariffPence: 3_500, amountPence: null, startsOn: '2026-09-01', endsOn: '2026-11-30', currentPeriod: null },
];

const handler: ApiHandler = (method, path) => {
  if (method === 'GET' && path === '/v1/organisations/org_V/agreements?limit=200') return { status: 200, body: { items: AGREEMENTS, nextCursor: null } };
  if (method === 'GET' && path.startsWith('/v1/activities')) return { status: 200, body: { items: [{ id: 'act_1', name: 'Walking for Health' }], nextCursor: null } };
  if (method === 'GET' && path === '/v1/organisations/org_V/statement') return { status: 200, body: { funds: [{ fundId: 'fund_1', fundName: 'Medway Fund' }] } };
  return undefined;
};

describe('Web: VCSE agreements', () => {
  it('lists each agreement with its fund, activity, money and capacity used this period', async () => {
    const { get } = await signedInAs(VCSE, handler);
    const html = await get('/agreements');
    expect(html).toContain('Medway Fund');
    expect(html).toContain('Walking for Health');
    expect(html).toContain('Block: £12,000.50 in all, in equal instalments each month');
    expect(html).toContain('38 of 40 used in December 2026');
    expect(html).toMatch(/<meter class="pop-meter" min="0" max="40" value="38"/);
    expect(html).toContain('£35.00 for each accepted referral');
    expect(html).toContain('All your activities');
    expect(html).toContain('Not running today');
    expect(html).toContain('1 September 2026 to 30 November 2026');
    expect(html).toContain('href="/agreements"');
  });
});
