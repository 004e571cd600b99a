// Logging a referral accepted elsewhere over a stand-in API: the date in Day, Month and Year boxes, refusals on the right boxes.
import { describe, expect, it } from 'vitest';
import type { ApiHandler } from '../test-support.js';
import { dateBoxesIn, signedInAs } from './signed-in.test-support.js';

const VCSE = { sub: 'demo-vcse-1', roles: ['vcse'], organisation: 'org_V' };
const ACTIVITY = { id: 'act_1', organisationId: 'org_V', name: 'Riverside health walks', category: 'physical_activity', description: null, postcode: 'ME4 4QU', stats: { acceptanceRate: null, medianResponseHours: null, referralsReceived: 0 } };
const FIELDS = { activityId: 'act_1', clientRef: 'MW-2026-0142', source: 'gp', externalRef: 'EXT-77' };
const typed = (day: string, month: string, year: string) => ({ ...FIELDS, 'acceptedAt-day': day, 'acceptedAt-month': month, 'acceptedAt-year': year });

// As the API answers: 31 February is not a day, and a date is required.
const handler: ApiHandler = (method, path, body) => {
  if (method === 'GET' && path.startsWith('/v1/activities')) return { status: 200, body: { items: [ACTIVITY], nextCursor: null } };
  if (method === 'POST' && path === '/v1/referrals') {
    const acceptedAt = (body as { acceptedAt?: string }).acceptedAt;
    if (acceptedAt === undefined) return { status: 400, body: { code: 'validation_failed', title: 'Invalid request', detail: 'Enter the acceptance date.', errors: [{ path: '/acceptedAt', message: 'Enter the acceptance date.' }] } };
    if (acceptedAt === '2026-02-31') return { status: 400, body: { code: 'validation_failed', title: 'Invalid request', detail: 'Acceptance date must be a real calendar date.', errors: [{ path: '/acceptedAt', message: 'Acceptance date must be a real calendar date.' }] } };
    return { status: 201, body: { id: 'ref_1' } };
  }
  return undefined;
};

const logged = (calls: readonly { method: string; path: string; body: unknown }[]) => calls.filter((c) => c.method === 'POST' && c.path === '/v1/referrals').map((c) => c.body);

describe('Web: logging a referral accepted elsewhere', () => {
  it('shows Day, Month and Year boxes under one legend with the hint in the same order', async () => {
    const { get } = await signedInAs(VCSE, handler);
    const html = await get('/referrals/log');
    expect(html).toMatch(/<fieldset class="nhsuk-fieldset" role="group" aria-describedby="acceptedAt-hint"><legend class="nhsuk-fieldset__legend">Acceptance date<\/legend><div class="nhsuk-hint" id="acceptedAt-hint">For example, 28 11 2026<\/div>/);
    for (const [part, width] of [['day', 2], ['month', 2], ['year', 4]] as const) {
      expect(html).toContain(`<label class="nhsuk-label nhsuk-date-input__label" for="acceptedAt-${part}">`);
      expect(html).toMatch(new RegExp(`class="nhsuk-input nhsuk-input--width-${width} nhsuk-date-input__input" id="acceptedAt-${part}" name="acceptedAt-${part}" type="text" value="" inputmode="numeric"`));
    }
  });

  it('sends the three boxes as the API’s date, leading zeros and spaces and all', async () => {
    const { post, calls } = await signedInAs(VCSE, handler);
    const sent = await post('/referrals/log', typed(' 05 ', '03', '2026'));
    expect(sent.status).toBe(303);
    expect(logged(calls)).toEqual([{ ...FIELDS, acceptedAt: '2026-03-05' }]);
  });

  it('says a missing month, highlights only the month box, keeps the rest and sends nothing', async () => {
    const { post, calls } = await signedInAs(VCSE, handler);
    const refused = await post('/referrals/log', typed('28', '', '2026'));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('<a href="#acceptedAt-month">Acceptance date must include a month</a>');
    // The error sits above the boxes, named by the fieldset.
    expect(html).toMatch(/aria-describedby="acceptedAt-hint acceptedAt-error">.*<span class="nhsuk-error-message" id="acceptedAt-error"><span class="nhsuk-u-visually-hidden">Error: <\/span>Acceptance date must include a month<\/span><div class="nhsuk-date-input" id="acceptedAt">/s);
    expect(dateBoxesIn(html, 'acceptedAt')).toEqual([{ red: false, value: '28' }, { red: true, value: '' }, { red: false, value: '2026' }]);
    expect(html).toContain('value="MW-2026-0142"');
    expect(logged(calls)).toEqual([]);
  });

  it('asks for four numbers in a two-figure year, and refuses letters as not a real date', async () => {
    const { post, calls } = await signedInAs(VCSE, handler);
    const short = await (await post('/referrals/log', typed('28', '11', '26'))).text();
    expect(short).toContain('<a href="#acceptedAt-year">Year must include 4 numbers</a>');
    expect(dateBoxesIn(short, 'acceptedAt').map((b) => b.red)).toEqual([false, false, true]);
    const letters = await (await post('/referrals/log', typed('28', 'Nov', '2026'))).text();
    expect(letters).toContain('<a href="#acceptedAt-month">Acceptance date must be a real date</a>');
    expect(dateBoxesIn(letters, 'acceptedAt')[1]).toEqual({ red: true, value: 'Nov' });
    expect(logged(calls)).toEqual([]);
  });

  it('lets the API judge 31 2 2026 and shows its refusal on all three boxes, the summary linking to the day', async () => {
    const { post, calls } = await signedInAs(VCSE, handler);
    const refused = await post('/referrals/log', typed('31', '2', '2026'));
    expect(logged(calls)).toEqual([{ ...FIELDS, acceptedAt: '2026-02-31' }]);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('<a href="#acceptedAt-day">Acceptance date must be a real calendar date.</a>');
    expect(dateBoxesIn(html, 'acceptedAt')).toEqual([{ red: true, value: '31' }, { red: true, value: '2' }, { red: true, value: '2026' }]);
  });

  it('sends no date when all three boxes are empty, so the API says it is needed', async () => {
    const { post, calls } = await signedInAs(VCSE, handler);
    const html = await (await post('/referrals/log', typed('', '', ''))).text();
    expect(logged(calls)).toEqual([FIELDS]);
    expect(html).toContain('<a href="#acceptedAt-day">Enter the acceptance date.</a>');
  });

  it('keeps the boxes of a form sent after the working day ended and fills them in after signing in again', async () => {
    let now = new Date('2026-11-23T08:00:00Z');
    const { post, signIn, request, calls } = await signedInAs(VCSE, handler, { clock: () => now });
    await request('/referrals/log');
    const csrfPage = await request('/privacy');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await csrfPage.text())![1]!;
    now = new Date('2026-11-23T17:30:00Z'); // the working day (nine hours) has ended
    const late = await post('/referrals/log', { ...typed('28', '11', '2026'), _csrf: csrf });
    expect(late.headers.get('location')).toBe('/sign-in?returnTo=%2Freferrals%2Flog&ended=1');
    expect(logged(calls)).toEqual([]);
    const again = await signIn('/referrals/log');
    const refilled = await (await request(again.headers.get('location')!)).text();
    expect(dateBoxesIn(refilled, 'acceptedAt').map((b) => b.value)).toEqual(['28', '11', '2026']);
    expect(refilled).toContain('value="EXT-77"');
  });
});
