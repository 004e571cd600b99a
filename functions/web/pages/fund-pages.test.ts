// Fund manager screens over a stand-in API: figures in pounds, the four-eyes refusal and fund exhaustion as error summaries.
import { describe, expect, it } from 'vitest';
import type { ApiHandler } from '../test-support.js';
import { dateBoxesIn, signedInAs } from './signed-in.test-support.js';

const FUND = { id: 'fund_1', name: 'Medway Fund', totalPence: 30_000_000, availablePence: 29_000_000, reservedPence: 750_050, paidPence: 249_950, startsOn: '2026-04-01', endsOn: '2027-03-31' };
const RUN = { id: 'run_01ABC', fundId: 'fund_1', status: 'draft', through: '2026-11-30', createdBy: 'demo-fund-manager-1', createdAt: '2026-11-30T10:00:00Z', approvedBy: null, totalPence: 133_333, lines: [{ id: 'l1', organisationId: 'org_V', amountPence: 133_333, referralCount: 3, blockInstalmentCount: 0, repaidCount: 0, status: 'pending', stripeTransferId: null, failureCode: null }, { id: 'l2', organisationId: 'org_B', amountPence: 150_000, referralCount: 0, blockInstalmentCount: 1, repaidCount: 0, status: 'pending', stripeTransferId: null, failureCode: null }, { id: 'l3', organisationId: 'org_R', amountPence: 7_000, referralCount: 1, blockInstalmentCount: 0, repaidCount: 1, status: 'pending', stripeTransferId: null, failureCode: null }], held: [{ organisationId: 'org_H', amountPence: 3_500, reason: 'no_stripe_account' }], progress: { total: 1, paid: 0, failed: 0 }, balance: null };

const FUND_MANAGER = { sub: 'demo-fund-manager-1', roles: ['fund_manager'], organisation: 'org_MVA' };
const DATES = { 'startsOn-day': '1', 'startsOn-month': '12', 'startsOn-year': '2026', 'endsOn-day': '31', 'endsOn-month': '3', 'endsOn-year': '2027' };
const invalid = (path: string, message: string) => ({ status: 400, body: { code: 'validation_failed', title: 'Invalid request', detail: message, errors: [{ path, message }] } });

const handler: ApiHandler = (method, path, body) => {
  if (method === 'GET' && path === '/v1/funds') return { status: 200, body: { items: [FUND], nextCursor: null } };
  if (method === 'GET' && path === '/v1/payout-runs/run_01ABC') return { status: 200, body: RUN };
  if (method === 'POST' && path === '/v1/payout-runs/run_01ABC/approve') return { status: 403, body: { code: 'four_eyes_required', title: 'Four eyes required', detail: 'A second fund manager must approve this run: you drafted it.' } };
  if (method === 'GET' && path === '/v1/funds/fund_1/payout-runs') return { status: 200, body: { items: [], nextCursor: null } };
  if (method === 'POST' && path === '/v1/funds/fund_1/payout-runs') return (body as { through: string }).through > '2026-12-01' ? invalid('/through', 'Date to pay up to must not be in the future.') : { status: 201, body: RUN };
  if (method === 'POST' && path === '/v1/funds/fund_1/agreements' && (body as { endsOn: string }).endsOn < (body as { startsOn: string }).startsOn) return invalid('/endsOn', 'End date must not be before the start date.');
  if (method === 'POST' && path === '/v1/funds/fund_1/agreements') return { status: 409, body: { code: 'fund_exhausted', title: 'Fund exhausted', detail: 'The fund cannot cover £12,000.50: £290,000.00 is available.' } };
  if (method === 'GET' && path.startsWith('/v1/organisations')) return { status: 200, body: { items: [{ id: 'org_V', name: 'Medway Walking Friends', kind: 'vcse', stripeAccountId: 'acct_1', payoutsEnabled: true }], nextCursor: null } };
  if (method === 'GET' && path.startsWith('/v1/activities')) return { status: 200, body: { items: [], nextCursor: null } };
  return undefined;
};

const signedIn = () => signedInAs(FUND_MANAGER, handler);

describe('Web: fund manager screens', () => {
  it('shows the fund at a glance in pounds and pence', async () => {
    const { get } = await signedIn();
    const html = await get('/fund');
    expect(html).toContain('£300,000.00');
    expect(html).toContain('£2,499.50');
    expect(html).toContain('£7,500.50');
    expect(html).toContain('1 April 2026 to 31 March 2027');
  });

  it('tells the drafter plainly that someone else must approve, and shows the API’s four-eyes refusal in an error summary', async () => {
    const { get, post } = await signedIn();
    expect(await get('/runs/run_01ABC')).toContain('another fund manager must approve it');
    const refused = await post('/runs/run_01ABC', { _action: 'approve' });
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain('nhsuk-error-summary');
    expect(html).toContain('<a href="#approve">A second fund manager must approve this run: you drafted it.</a>');
    // The API's codes and sign-in ids are put in words.
    expect(html).toContain('It has not set up payments with Stripe yet');
    expect(html).not.toContain('no_stripe_account');
    expect(html).toMatch(/by you</);
    // What each payment is for, in words: a block-funded line is never "0 referrals".
    const paysFor = [...html.matchAll(/Pays for <\/span>([^<]*)</g)].map((m) => m[1]);
    expect(paysFor).toEqual(['3 referrals', '1 block instalment', '1 referral, 1 amount paid again after a reversal']);
  });

  it('sends an agreement’s pounds as pence and shows fund exhaustion against the amount field', async () => {
    const { post, calls } = await signedIn();
    const refused = await post('/fund/agreements/new?fundId=fund_1', { organisationId: 'org_V', kind: 'block', capacity: '20', period: 'month', amount: '£12,000.50', ...DATES });
    expect(refused.status).toBe(409);
    expect(calls.find((c) => c.method === 'POST' && c.path === '/v1/funds/fund_1/agreements')?.body).toEqual({
      organisationId: 'org_V',
      kind: 'block',
      capacity: 20,
      period: 'month',
      amountPence: 1_200_050,
      startsOn: '2026-12-01',
      endsOn: '2027-03-31',
    });
    const html = await refused.text();
    expect(html).toContain('<a href="#amount">The fund cannot cover £12,000.50: £290,000.00 is available.</a>');
    expect(html).toMatch(/class="[^"]*nhsuk-input--error[^"]*" id="amount"/);
    expect(html).toContain('value="£12,000.50"');
    expect(dateBoxesIn(html, 'endsOn').map((b) => b.value)).toEqual(['31', '3', '2027']);
  });

  it('refuses an amount that is not pounds and pence in pounds, never in pence, and sends nothing', async () => {
    const { post, calls } = await signedIn();
    const refused = await post('/fund/agreements/new?fundId=fund_1', { organisationId: 'org_V', kind: 'per_referral', period: 'month', tariff: '35p', ...DATES });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('<a href="#tariff">Payment for each referral must be an amount in pounds, like 35.00</a>');
    expect(html).not.toMatch(/pence/i);
    expect(html).toContain('value="35p"');
    expect(calls.filter((c) => c.path.endsWith('/agreements'))).toEqual([]);
  });

  it('refuses an end date without its year, highlights only that box, keeps the start date and sends nothing', async () => {
    const { post, calls } = await signedIn();
    const refused = await post('/fund/agreements/new?fundId=fund_1', { organisationId: 'org_V', kind: 'block', amount: '100', ...DATES, 'endsOn-year': '' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('<a href="#endsOn-year">End date must include a year</a>');
    expect(dateBoxesIn(html, 'endsOn')).toEqual([{ red: false, value: '31' }, { red: false, value: '3' }, { red: true, value: '' }]);
    expect(dateBoxesIn(html, 'startsOn')).toEqual([{ red: false, value: '1' }, { red: false, value: '12' }, { red: false, value: '2026' }]);
    expect(calls.some((c) => c.path.endsWith('/agreements') && c.method === 'POST')).toBe(false);
  });

  it('shows the API’s refusal of an end date on all three of its boxes, the summary linking to its day', async () => {
    const { post } = await signedInAs(FUND_MANAGER, handler);
    const html = await (await post('/fund/agreements/new?fundId=fund_1', { organisationId: 'org_V', kind: 'per_referral', tariff: '35', ...DATES, 'endsOn-year': '2026' })).text();
    expect(html).toContain('<a href="#endsOn-day">End date must not be before the start date.</a>');
    expect(dateBoxesIn(html, 'endsOn').map((b) => b.red)).toEqual([true, true, true]);
    expect(dateBoxesIn(html, 'startsOn').map((b) => b.red)).toEqual([false, false, false]);
  });
});

describe('Web: drafting a payment run', () => {
  it('suggests today’s London date in the boxes and sends the boxes as the API’s date', async () => {
    const { get, post, calls } = await signedInAs(FUND_MANAGER, handler, { clock: () => new Date('2026-11-30T23:30:00Z') });
    // Half past eleven at night in November is still the 30th in London.
    expect(dateBoxesIn(await get('/fund/runs?fundId=fund_1'), 'through').map((b) => b.value)).toEqual(['30', '11', '2026']);
    const drafted = await post('/fund/runs?fundId=fund_1', { 'through-day': '30', 'through-month': '11', 'through-year': '2026' });
    expect(drafted.headers.get('location')).toBe('/runs/run_01ABC');
    expect(calls.find((c) => c.path.endsWith('/payout-runs') && c.method === 'POST')?.body).toEqual({ through: '2026-11-30' });
  });

  it('shows the API’s refusal of the date on the boxes, and a partial date before any call', async () => {
    const { post, calls } = await signedInAs(FUND_MANAGER, handler);
    const future = await (await post('/fund/runs?fundId=fund_1', { 'through-day': '1', 'through-month': '1', 'through-year': '2030' })).text();
    expect(future).toContain('<a href="#through-day">Date to pay up to must not be in the future.</a>');
    expect(dateBoxesIn(future, 'through')).toEqual([{ red: true, value: '1' }, { red: true, value: '1' }, { red: true, value: '2030' }]);
    const partial = await (await post('/fund/runs?fundId=fund_1', { 'through-day': '', 'through-month': '11', 'through-year': '' })).text();
    expect(partial).toContain('<a href="#through-day">Date to pay up to must include a day and year</a>');
    expect(dateBoxesIn(partial, 'through').map((b) => b.red)).toEqual([true, false, true]);
    expect(calls.filter((c) => c.path.endsWith('/payout-runs') && c.method === 'POST').length).toBe(1);
  });
});

describe('Web: a payment run’s live progress', () => {
  it('answers the progress poll in JSON, and a refused run as the API’s problem+json, never a page', async () => {
    const { get, calls } = await signedIn();
    const progress = JSON.parse(await get('/runs/run_01ABC/progress')) as { status: string; total: number; finished: boolean };
    expect(progress).toMatchObject({ status: 'draft', total: 1, finished: true });
    const refused = await (await signedIn()).get('/runs/run_01NOPE/progress');
    expect(JSON.parse(refused)).toMatchObject({ status: 404, code: 'not_found' });
    expect(calls.some((c) => c.path === '/v1/payout-runs/run_01ABC')).toBe(true);
  });
});
