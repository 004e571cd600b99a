// The audit trail page over a stand-in API: events in words, a page at a time, filters kept on the next page.
import { describe, expect, it } from 'vitest';
import type { ApiHandler } from '../test-support.js';
import { AUDIT_PAGE_SIZE } from './audit.js';
import { dateBoxesIn, signedInAs } from './signed-in.test-support.js';

const COMMISSIONER = { sub: 'demo-commissioner', roles: ['commissioner'], organisation: 'org_ICB' };
const FUND = { id: 'fund_1', name: 'Medway Fund', totalPence: 30_000_000, availablePence: 29_000_000, reservedPence: 0, paidPence: 0, startsOn: '2026-04-01', endsOn: '2027-03-31' };
const SAM = { actor: '0f6c2a9e-51d4-4b7a-9c1e-7d2f3b8a6e10', actorName: 'sam.obrien-longname@age-uk-medway-and-swale.example (voluntary and community organisation staff, Age UK Medway)' };
const WORKER = { actor: 'system:payout-worker', actorName: 'The payment system (automatic)' };
const event = (i: number, action: string, who = SAM) => ({ id: `evt_${i}`, chainId: 'ref_1', seq: i, at: '2026-11-23T10:00:00Z', ...who, action, entityId: 'ref_1', data: {}, prevHash: '', hash: '' });

const handler: ApiHandler = (method, path) => {
  if (method === 'GET' && path === '/v1/funds') return { status: 200, body: { items: [FUND], nextCursor: null } };
  if (method === 'GET' && path.startsWith('/v1/audit?')) {
    const asked = new URL(path, 'http://x').searchParams;
    if ((asked.get('to') ?? '9') < (asked.get('from') ?? '0')) {
      return { status: 400, body: { code: 'validation_failed', title: 'Invalid request', detail: 'To date must not be before the from date.', errors: [{ path: '/to', message: 'To date must not be before the from date.' }] } };
    }
    const cursor = new URL(path, 'http://x').searchParams.get('cursor');
    return cursor
      ? { status: 200, body: { items: [event(51, 'payout_run.paid_with_failures')], nextCursor: null } }
      : { status: 200, body: { items: [event(1, 'referral.accepted'), event(2, 'payout_line.paid', WORKER)], nextCursor: 'page-2' } };
  }
  return undefined;
};

describe('Web: the audit trail', () => {
  it('says what happened in words, with the code beside it, and asks the API for one page at a time', async () => {
    const { get, calls } = await signedInAs(COMMISSIONER, handler);
    const html = await get('/audit?fundId=fund_1');
    expect(html).toContain('Referral accepted');
    expect(html).toContain('Payment made');
    expect(html).toContain('referral.accepted');
    expect(html).toContain('23 November 2026');
    const asked = calls.find((c) => c.path.startsWith('/v1/audit?'))!;
    expect(new URL(asked.path, 'http://x').searchParams.get('limit')).toBe(String(AUDIT_PAGE_SIZE));
  });

  it('names who acted in the Who column as the API words it, never by sign-in id, and lets a long e-mail break on a phone', async () => {
    const { get } = await signedInAs(COMMISSIONER, handler);
    const html = await get('/audit?fundId=fund_1');
    const whoCells = [...html.matchAll(/<td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Who <\/span>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(whoCells).toEqual([`<span class="pop-break">${SAM.actorName}</span>`, '<span class="pop-break">The payment system (automatic)</span>']);
    expect(html).not.toContain(SAM.actor);
    expect(html).not.toContain('system:payout-worker');
  });

  it('links to the next page with the filters kept, and the last page has no next link', async () => {
    const { get } = await signedInAs(COMMISSIONER, handler);
    const first = await get('/audit?fundId=fund_1&action=referral.accepted');
    const next = /<a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="([^"]+)"/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const params = new URL(next!, 'http://x').searchParams;
    expect(params.get('cursor')).toBe('page-2');
    expect(params.get('action')).toBe('referral.accepted');
    const last = await get(next!);
    expect(last).toContain('Payment run finished, some payments failed');
    expect(last).not.toContain('nhsuk-pagination__link--next');
    expect(last).toContain('Show every event from the first');
  });

  it('filters by the dates typed in the boxes and keeps the boxes on the next page’s link', async () => {
    const { get, calls } = await signedInAs(COMMISSIONER, handler);
    const first = await get('/audit?fundId=fund_1&from-day=1&from-month=11&from-year=2026&to-day=&to-month=&to-year=');
    const asked = new URL(calls.find((c) => c.path.startsWith('/v1/audit?'))!.path, 'http://x').searchParams;
    expect([asked.get('from'), asked.get('to')]).toEqual(['2026-11-01', null]);
    expect(dateBoxesIn(first, 'from').map((b) => b.value)).toEqual(['1', '11', '2026']);
    const next = /<a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="([^"]+)"/.exec(first)![1]!.replaceAll('&amp;', '&');
    const params = new URL(next, 'http://x').searchParams;
    expect([params.get('from-day'), params.get('from-month'), params.get('from-year'), params.get('from')]).toEqual(['1', '11', '2026', null]);
    expect(dateBoxesIn(await get(next), 'from').map((b) => b.value)).toEqual(['1', '11', '2026']);
  });

  it('shows the API’s refusal of a to date before the from date on the to date’s boxes', async () => {
    const { request } = await signedInAs(COMMISSIONER, handler);
    const response = await request('/audit?fundId=fund_1&from-day=30&from-month=11&from-year=2026&to-day=1&to-month=11&to-year=2026');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#to-day">To date must not be before the from date.</a>');
    expect(dateBoxesIn(html, 'to').map((b) => b.red)).toEqual([true, true, true]);
    expect(dateBoxesIn(html, 'from').map((b) => b.red)).toEqual([false, false, false]);
    expect(html).not.toContain('oldest first');
  });

  it('refuses a from date in words before asking the API for any event', async () => {
    const { request, calls } = await signedInAs(COMMISSIONER, handler);
    const response = await request('/audit?fundId=fund_1&from-day=1st&from-month=11&from-year=2026');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#from-day">From date must be a real date</a>');
    expect(dateBoxesIn(html, 'from')).toEqual([{ red: true, value: '1st' }, { red: false, value: '11' }, { red: false, value: '2026' }]);
    expect(calls.some((c) => c.path.startsWith('/v1/audit?'))).toBe(false);
  });

  it('tells staff in the privacy notice that the trail shows their work e-mail, role and organisation, and to whom', async () => {
    const { get } = await signedInAs(COMMISSIONER, handler);
    const html = await get('/privacy');
    expect(html).toContain('The audit trail names who made each change by their work e-mail address, and by the role and organisation they hold now');
    expect(html).toContain('Commissioners (the');
    expect(html).toContain('the managers of a fund, for changes to that fund and to the referrals it pays for, including the link worker who sent each referral.');
  });
});
