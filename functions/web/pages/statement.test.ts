// The VCSE statement over a stand-in API: totals, held and why, each payment with what it paid for, reversals, a print button.
import { describe, expect, it } from 'vitest';
import type { ApiHandler } from '../test-support.js';
import { signedInAs } from './signed-in.test-support.js';

const VCSE = { sub: 'demo-vcse', roles: ['vcse'], organisation: 'org_V' };
const totals = { earnedPence: 7_000, earnedDuePence: 3_500, earnedInPaymentPence: 0, earnedNotYetDuePence: 3_500, heldPence: 3_500, paidPence: 123_400, reversedPence: 1_000 };
const entry = (over: Record<string, unknown>) => ({ payableId: 'p', kind: 'referral', referralId: 'ref_1', agreementId: 'agr_1', periodKey: null, payableOn: '2026-11-02', amountPence: 3_500, state: 'paid', holdReason: null, runId: 'run_1', ...over });
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
      earned: [entry({ referralId: 'ref_HELD', state: 'held', holdReason: 'in_draft_run' }), entry({ kind: 'instalment', referralId: null, periodKey: '2026-11', amountPence: 120_900, state: 'paid' })],
      returned: [],
      paid: [
        {
          runId: 'run_1',
          lineId: 'line_1',
          paidAt: '2026-11-23T10:00:00Z',
          amountPence: 124_400,
          reversedPence: 1_000,
          stripeTransferId: 'tr_123',
          paidFor: [entry({ referralId: 'ref_PAID' }), entry({ kind: 'instalment', referralId: null, periodKey: '2026-11', amountPence: 120_900 })],
        },
      ],
      reversed: [{ runId: 'run_1', lineId: 'line_1', reversedAt: '2026-11-25T10:00:00Z', amountPence: 1_000, stripeTransferId: 'tr_123' }],
    },
  ],
};
const RUN = { id: 'run_1', lines: [{ id: 'line_1', stripePayoutId: 'po_999', payoutArrivalDate: '2026-11-26' }] };

const handler: ApiHandler = (method, path) => {
  if (method === 'GET' && path === '/v1/organisations/org_V/statement') return { status: 200, body: STATEMENT };
  if (method === 'GET' && path === '/v1/organisations/org_V/statement?from=2026-13-01') {
    return { status: 400, body: { code: 'validation_failed', title: 'Invalid request', detail: 'Check the dates.', errors: [{ path: '/from', message: 'must be a date such as 2026-11-01' }] } };
  }
  if (method === 'GET' && path === '/v1/payout-runs/run_1') return { status: 200, body: RUN };
  return undefined;
};

describe('Web: the VCSE statement', () => {
  it('shows where the money stands, why some is held, and each payment with what it paid for and when it reaches the bank', async () => {
    const { get } = await signedInAs(VCSE, handler);
    const html = await get('/statement');
    expect(html).toContain('Medway Walking Friends');
    expect(html).toContain('£1,234.00');
    expect(html).toContain('In a draft payment run waiting for a second fund manager’s approval.');
    expect(html).toContain('£1,244.00 paid on 23 November 2026');
    expect(html).toContain('Referral ref_PAID');
    expect(html).toContain('Block instalment for November 2026');
    expect(html).toContain('£1,209.00');
    expect(html).toContain('tr_123');
    expect(html).toContain('po_999');
    expect(html).toContain('26 November 2026');
    expect(html).toContain('25 November 2026');
    expect(html).toContain('waiting for a second fund manager to approve the run');
    expect(html).toContain('onclick="window.print()"');
    expect(html).toContain('href="/statement"');
  });

  it('shows a refused date against its field in an error summary', async () => {
    const { request } = await signedInAs(VCSE, handler);
    const response = await request('/statement?from=2026-13-01');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<title>Error: Statement');
    expect(html).toContain('<a href="#from">From must be a date such as 2026-11-01</a>');
  });
});
