// The VCSE statement over a stand-in API: each payment with its bank payout and what it paid for, held and why, reversals, printing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiHandler } from '../test-support.js';
import { dateBoxesIn, signedInAs } from './signed-in.test-support.js';

const VCSE = { sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_V' };
const totals = { earnedPence: 7_000, earnedDuePence: 3_500, earnedInPaymentPence: 0, earnedNotYetDuePence: 3_500, heldPence: 3_500, paidPence: 123_400, reversedPence: 1_000 };
const entry = (over: Record<string, unknown>) => ({ payableId: 'p', kind: 'referral', referralId: 'ref_1', clientRef: 'WALK-001', acceptedAt: '2026-11-02T09:15:00Z', agreementId: 'agr_1', periodKey: null, payableOn: '2026-11-02', amountPence: 3_500, state: 'paid', holdReason: null, runId: 'run_1', ...over });
const STATEMENT = {
  organisationId: 'org_V',
  organisationName: 'Medway Walking Friends',
  currency: 'GBP',
  asAt: '2026-12-01T09:30:00Z',
  from: null,
  to: null,
  totals,
  funds: [
    {
      fundId: 'fund_1',
      fundName: 'Medway Fund',
      acceptedReferrals: 4,
      totals,
      period: { earnedPence: 0, paidPence: 124_400, reversedPence: 1_000 },
      held: [{ reason: 'in_draft_run', detail: 'In a draft payment run waiting for a second fund manager’s approval.', amountPence: 3_500 }],
      earned: [
        entry({ referralId: 'ref_HELD', clientRef: 'WALK-HELD-7', state: 'held', holdReason: 'in_draft_run' }),
        entry({ kind: 'instalment', referralId: null, clientRef: null, acceptedAt: null, periodKey: '2026-11', amountPence: 120_900, state: 'paid' }),
      ],
      returned: [],
      paid: [
        {
          runId: 'run_1',
          lineId: 'line_1',
          paidAt: '2026-11-23T10:00:00Z',
          amountPence: 124_400,
          reversedPence: 1_000,
          stripeTransferId: 'tr_123',
          stripePayoutId: 'po_999',
          payoutArrivalDate: '2026-11-26',
          paidFor: [entry({ referralId: 'ref_PAID', clientRef: 'WALK-PAID-3' }), entry({ kind: 'instalment', referralId: null, clientRef: null, acceptedAt: null, periodKey: '2026-11', amountPence: 120_900 })],
        },
        {
          runId: 'run_2',
          lineId: 'line_2',
          paidAt: '2026-11-30T10:00:00Z',
          amountPence: 14_000,
          reversedPence: 0,
          stripeTransferId: 'tr_456',
          stripePayoutId: null,
          payoutArrivalDate: null,
          paidFor: ['A-11', 'B-22', 'C-33', 'D-44'].map((clientRef, i) => entry({ payableId: `p${i}`, referralId: `ref_${i}`, clientRef })),
        },
      ],
      reversed: [{ runId: 'run_1', lineId: 'line_1', reversedAt: '2026-11-25T10:00:00Z', amountPence: 1_000, stripeTransferId: 'tr_123' }],
    },
  ],
};

const handler: ApiHandler = (method, path) => {
  if (method === 'GET' && path === '/v1/organisations/org_V/statement') return { status: 200, body: STATEMENT };
  if (method === 'GET' && path === '/v1/organisations/org_V/statement?from=2026-02-31') {
    return { status: 400, body: { code: 'validation_failed', title: 'Invalid request', detail: 'From date must be a real calendar date.', errors: [{ path: '/from', message: 'From date must be a real calendar date.' }] } };
  }
  if (method === 'GET' && path.startsWith('/v1/organisations/org_V/statement?')) return { status: 200, body: { ...STATEMENT, from: '2026-11-01', to: '2026-11-30' } };
  return undefined;
};

describe('Web: the VCSE statement', () => {
  afterEach(() => vi.useRealTimers());

  it('says a payout arrives on a day to come, and arrived once that day is here (London time)', async () => {
    const payoutCell = (html: string) => html.split('<tr class="nhsuk-table__row">').find((row) => row.includes('po_999'))!;
    vi.useFakeTimers({ now: new Date('2026-11-25T23:30:00Z'), toFake: ['Date'] });
    expect(payoutCell(await (await signedInAs(VCSE, handler)).get('/statement'))).toContain('Arrives 26 November 2026');
    // 23:30 on 25 November in UTC, but in London (GMT) too: still to come. An hour later it is the 26th.
    vi.setSystemTime(new Date('2026-11-26T00:30:00Z'));
    expect(payoutCell(await (await signedInAs(VCSE, handler)).get('/statement'))).toContain('Arrived 26 November 2026');
  });

  it('shows each payment with the bank payout that carried it and the referrals it paid for by client reference, never by id', async () => {
    const { get } = await signedInAs(VCSE, handler);
    const html = await get('/statement');
    expect(html).toContain('Medway Walking Friends');
    expect(html).toContain('£1,234.00');
    const [first, second] = html.split('<tr class="nhsuk-table__row">').filter((row) => row.includes('tr_'));
    expect(first).toContain('23 November 2026');
    expect(first).toContain('£1,244.00');
    expect(first).toContain('£10.00 reversed since');
    expect(first).toContain('Stripe payout po_999');
    expect(first).toContain('Referral WALK-PAID-3, accepted 2 November 2026: £35.00');
    expect(first).toContain('Block instalment for November 2026: £1,209.00');
    expect(first).not.toContain('<details');
    // Before Stripe pays it out the bank line is not known; a long list folds into a details component.
    expect(second).toContain('Waiting for Stripe to pay it into your bank account');
    expect(second).toContain('<summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">4 referrals</span>');
    expect(second).toContain('Referral D-44, accepted 2 November 2026: £35.00');
    expect(html).not.toMatch(/ref_|run_\d/);
  });

  it('says what is held back and why in plain words, lists what is not paid yet, and the reversal against its payment', async () => {
    const { get } = await signedInAs(VCSE, handler);
    const html = await get('/statement');
    expect(html).toContain('£35.00 held back');
    expect(html).toContain('£35.00: It is in a payment run waiting for a second fund manager to approve it.');
    const notPaid = html.slice(html.indexOf('Earned, not paid yet'));
    expect(notPaid).toContain('Referral WALK-HELD-7');
    expect(notPaid).toContain('Held back');
    expect(notPaid).not.toContain('Block instalment');
    const reversed = html.slice(html.indexOf('Reversed payments'), html.indexOf('Earned, not paid yet'));
    expect(reversed).toContain('25 November 2026');
    expect(reversed).toContain('£10.00');
    expect(reversed).toContain('23 November 2026');
  });

  it('prints as a remittance advice: a Print button that opens folded lists, and the dates form folded away', async () => {
    const { get } = await signedInAs(VCSE, handler);
    const html = await get('/statement');
    expect(html).toContain('window.print()');
    expect(html).toContain('d.open = true');
    expect(html).toMatch(/<details class="nhsuk-details"><summary[^>]*><span[^>]*>Choose dates/);
    expect(html).toContain('action="/statement"');
  });

  it('shows the API’s refusal of 31 2 2026 on the from date’s boxes in an error summary', async () => {
    const { request } = await signedInAs(VCSE, handler);
    const response = await request('/statement?from-day=31&from-month=2&from-year=2026&to-day=&to-month=&to-year=');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<title>Error: Statement');
    expect(html).toContain('<a href="#from-day">From date must be a real calendar date.</a>');
    expect(dateBoxesIn(html, 'from')).toEqual([{ red: true, value: '31' }, { red: true, value: '2' }, { red: true, value: '2026' }]);
    expect(dateBoxesIn(html, 'to').map((b) => b.red)).toEqual([false, false, false]);
    // The folded dates form is open so the highlighted field can be reached.
    expect(html).toMatch(/<details class="nhsuk-details" open="">/);
  });

  it('asks the API for the dates typed in the boxes and shows them again in the open form', async () => {
    const { get, calls } = await signedInAs(VCSE, handler);
    const html = await get('/statement?from-day=1&from-month=11&from-year=2026&to-day=30&to-month=11&to-year=2026');
    expect(calls.map((c) => c.path)).toContain('/v1/organisations/org_V/statement?from=2026-11-01&to=2026-11-30');
    expect(html).toContain('for from 1 November 2026 to 30 November 2026');
    expect(dateBoxesIn(html, 'to').map((b) => b.value)).toEqual(['30', '11', '2026']);
    expect(html).toMatch(/<details class="nhsuk-details" open="">/);
  });

  it('refuses a to date without its month before asking the API for anything', async () => {
    const { request, calls } = await signedInAs(VCSE, handler);
    const response = await request('/statement?to-day=30&to-month=&to-year=2026');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#to-month">To date must include a month</a>');
    expect(dateBoxesIn(html, 'to')).toEqual([{ red: false, value: '30' }, { red: true, value: '' }, { red: false, value: '2026' }]);
    expect(calls.some((c) => c.path.includes('/statement'))).toBe(false);
  });
});
